using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Api;

public sealed class When_an_auditor_reads_about_a_child(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_read_is_recorded_with_who_role_purpose_endpoint_and_ids_returned_but_no_nhs_number()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var scenario = await Scenario.BookAsync(Infra, Agency, "read-1", Patience);

        using var response = await api.GetAsync($"/api/infants/{Examples.MotherNhs}/linkage?page=1", ApiCalls.Token(Roles.Auditor, subject: "auditor-ann"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await Infra.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.Kind == AuditLog.ApiRead));
        Assert.Equal("auditor-ann", read.Actor);
        Assert.Equal(Roles.Auditor, read.ActorRole);
        Assert.Equal(ApiCalls.Purpose, read.Purpose);
        Assert.Contains(scenario.ChildId, read.SubjectIds);
        Assert.Contains(scenario.FatherId, read.SubjectIds);
        using var content = JsonDocument.Parse(read.Content);
        Assert.Equal("/api/infants/{nhsNumber}/linkage", content.RootElement.GetProperty("endpoint").GetString());
        Assert.Equal("(withheld)", content.RootElement.GetProperty("route").GetProperty("nhsNumber").GetString());
        Assert.Equal("1", content.RootElement.GetProperty("query").GetProperty("page").GetString());
        Assert.Equal(200, content.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(scenario.ChildId, content.RootElement.GetProperty("returned").GetProperty("child")[0].GetGuid());
        Assert.DoesNotContain(Examples.MotherNhs, read.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(Examples.FatherNhs, read.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_purpose_holding_an_nhs_number_is_refused_and_nothing_is_read_or_recorded()
    {
        var api = await StartApiAsync();

        using var response = await api.GetAsync(
            $"/api/infants/{Examples.MotherNhs}/linkage", ApiCalls.Token(Roles.Auditor), purpose: $"practice-review: checking {Examples.FatherNhs[..3]} {Examples.FatherNhs[3..6]} {Examples.FatherNhs[6..]}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("NHS number", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Infra.QueryAsync(db => db.AuditEntries.CountAsync()));
    }

    [Theory]
    [InlineData("practice review of the synthetic case", "must be one of")]
    [InlineData("practice-review", "needs the X-Purpose-Of-Use-Detail header")]
    public async Task A_purpose_outside_the_coded_list_or_without_its_detail_is_refused(string purpose, string expected)
    {
        var api = await StartApiAsync();

        using var response = await api.GetAsync($"/api/infants/{Examples.MotherNhs}/linkage", ApiCalls.Token(Roles.Auditor), purpose: purpose);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await Infra.QueryAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Who_read_about_the_child_can_itself_be_read_from_the_audit_log()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var scenario = await Scenario.BookAsync(Infra, Agency, "read-2", Patience);
        (await api.GetAsync($"/api/infants/{Examples.MotherNhs}/linkage", ApiCalls.Token(Roles.Auditor, subject: "auditor-ann"))).Dispose();

        using var response = await api.GetAsync(
            $"/api/audit/entries?kind=api-read&subjectId={scenario.ChildId}", ApiCalls.Token(Roles.Admin, subject: "admin-bob"), purpose: "audit: who has looked at this case");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var entry = Assert.Single(body.GetProperty("entries").GetProperty("items").EnumerateArray());
        Assert.Equal("auditor-ann", entry.GetProperty("actor").GetString());
        Assert.Equal(ApiCalls.Purpose, entry.GetProperty("purpose").GetString());
        Assert.Equal(1, body.GetProperty("entries").GetProperty("total").GetInt64());

        // The second read (of the log) is recorded too, after the first.
        var reads = await Infra.QueryAsync(db => db.AuditEntries.Where(e => e.Kind == AuditLog.ApiRead).OrderBy(e => e.EntryNo).Select(e => e.Actor).ToListAsync());
        Assert.Equal(["auditor-ann", "admin-bob"], reads);
    }
}
