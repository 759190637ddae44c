using System.Net;
using System.Text.Json;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.People;

/// <summary>
/// Issue 13: a review's free-text reason had no length limit and enters the permanent audit log and the merge history.
/// A reason is now at most 1,000 characters of plain text, and one that holds something shaped like an NHS number is
/// refused (the audit log never holds NHS numbers): checked before anything is looked up or written.
/// </summary>
public sealed class When_a_reviewer_gives_a_reason_the_audit_log_must_not_keep(InfraFixture infra) : IntegrationTest(infra)
{
    public static TheoryData<string, string> Reasons => new()
    {
        { new string('x', 1001), "at most 1000 characters" },
        { $"same man, NHS {Examples.FatherNhs[..3]} {Examples.FatherNhs[3..6]} {Examples.FatherNhs[6..]} on both", "NHS number" },
        { "same man\u0000\u001b[2J", "plain text" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task The_decision_and_the_unmerge_are_refused_naming_the_problem_and_nothing_is_recorded(string reason, string expected)
    {
        var api = await StartApiAsync();

        using var decision = await ReviewCalls.PostAsync(api, $"/api/reviews/{Guid.NewGuid()}/decision", new { decision = "reject", reason });
        using var unmerge = await ReviewCalls.PostAsync(api, $"/api/persons/{Guid.NewGuid()}/unmerge", new { personRecordId = Guid.NewGuid(), reason });

        foreach (var response in new[] { decision, unmerge })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var entries = await Infra.QueryAsync(db => db.AuditEntries.Select(e => e.Content).ToListAsync());
        Assert.All(entries, content => Assert.DoesNotContain(Examples.FatherNhs[6..], content, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reason_of_ordinary_length_is_not_refused_for_its_text()
    {
        var api = await StartApiAsync();

        // Not refused for the reason: the review does not exist, which is what it is told.
        using var response = await ReviewCalls.PostAsync(api, $"/api/reviews/{Guid.NewGuid()}/decision", new { decision = "reject", reason = new string('x', 1000) });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
