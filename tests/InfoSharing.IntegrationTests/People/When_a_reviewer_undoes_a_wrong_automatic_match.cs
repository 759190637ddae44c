using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InfoSharing.Api.Auth;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.People;

/// <summary>
/// Housing declares a man (no NHS number) as caring for a baby. A GP record of a man with the same name, birth date and
/// postcode, but a mental-health history, is matched to him automatically, and health visiting is told. A reviewer
/// finds they are different men and undoes the match: the flag that rested on it is withdrawn as entered-in-error, and
/// health visiting is told that too.
/// </summary>
public sealed class When_a_reviewer_undoes_a_wrong_automatic_match(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_flag_it_gave_is_withdrawn_as_entered_in_error_and_health_visiting_is_told()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        await Publishing.PublishJsonAsync(Infra, "housing.household", "housing.household-changed.v1", HousingWithoutHisNhsNumber(), "housing-wrong-1");
        await Publishing.WaitForAsync(Infra, db => db.Flags.AnyAsync(f => f.Code == "linked-male-non-resident-carer"), Patience, "the carer to be flagged");

        await Agency.PublishAsync("gp.fhir", GpRecordOfAnotherManWithTheSameDetails(), "gp-wrong-1");
        await Publishing.WaitForAsync(Infra, db => db.Flags.AnyAsync(f => f.Code == "linked-male-mental-health" && f.Status == "active"), Patience, "the mental-health flag");
        var flag = await Infra.QueryAsync(db => db.Flags.SingleAsync(f => f.Code == "linked-male-mental-health"));
        var gpRecord = await Infra.QueryAsync(db => db.PersonRecords.SingleAsync(r => r.Agency == "gp"));
        Assert.Equal(flag.PersonId, gpRecord.PersonId);
        Assert.NotEqual("new-person", gpRecord.LinkRule);
        await DrainAsync();

        using var response = await ReviewCalls.PostAsync(api, $"/api/persons/{gpRecord.PersonId}/unmerge", new { personRecordId = gpRecord.Id, reason = "GP confirmed a different man" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Publishing.WaitForAsync(Infra, async db => await db.ReevaluationRequests.AnyAsync() && await db.ReevaluationRequests.AllAsync(r => r.ProcessedAt != null), Patience, "the unmerge to be re-evaluated");

        var withdrawn = await Infra.QueryAsync(db => db.Flags.SingleAsync(f => f.Id == flag.Id));
        Assert.Equal(("entered-in-error", 2), (withdrawn.Status, withdrawn.Version));
        Assert.Equal("active", (await Infra.QueryAsync(db => db.Flags.SingleAsync(f => f.Code == "linked-male-non-resident-carer"))).Status);
        // Every flag the GP record gave him (mental health, substance misuse, domestic abuse) is withdrawn; nothing else is sent.
        var told = new List<ReceivedMessage>();
        while (await Agency.ReceiveAsync("flags.health-visiting", told.Count == 0 ? Patience : TimeSpan.FromSeconds(1)) is { } message)
        {
            told.Add(message);
        }

        Assert.All(told, m => Assert.Equal("flag-withdrawn", m.Type));
        var mentalHealth = Assert.Single(told, m => m.MessageId == $"flag-{flag.Id:N}-v2-health-visiting");
        Assert.Contains("\"entered-in-error\"", mentalHealth.Text, StringComparison.Ordinal);
        var stillActive = await Infra.QueryAsync(db => db.Flags.Where(f => f.Status == "active").Select(f => f.Code).OrderBy(c => c).ToListAsync());
        Assert.Equal(["linked-male-non-resident-carer", "significant-male-linked"], stillActive);
    }

    private async Task DrainAsync()
    {
        while (await Agency.ReceiveAsync("flags.health-visiting", TimeSpan.FromMilliseconds(500)) is not null)
        {
        }
    }

    private static byte[] HousingWithoutHisNhsNumber()
    {
        var node = JsonNode.Parse(File.ReadAllText(Examples.Path("contracts/examples/housing/household-mother-baby-non-resident-carer.json")))!;
        foreach (var member in node["members"]!.AsArray())
        {
            if (member!["role"]!.GetValue<string>() == "non-resident-carer")
            {
                member["person"]!.AsObject().Remove("nhsNumber");
            }
        }

        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static byte[] GpRecordOfAnotherManWithTheSameDetails()
    {
        var node = JsonNode.Parse(File.ReadAllText(Examples.Path("contracts/examples/gp/man-registration-with-indicators.json")))!;
        foreach (var entry in node["entry"]!.AsArray())
        {
            var resource = entry!["resource"]!.AsObject();
            if (resource["resourceType"]!.GetValue<string>() == "Patient")
            {
                resource.Remove("identifier");
                resource["address"]![0]!["postalCode"] = "ZZ99 3BB";
            }
        }

        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
