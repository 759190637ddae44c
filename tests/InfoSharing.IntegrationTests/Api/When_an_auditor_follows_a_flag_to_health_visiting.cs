using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Api;

public sealed class When_an_auditor_follows_a_flag_to_health_visiting(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_flag_history_shows_its_version_and_when_it_was_sent_to_whom()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var scenario = await Scenario.BookAsync(Infra, Agency, "flag-1", Patience);
        await Publishing.WaitForAsync(Infra, db => db.Disclosures.AnyAsync(d => d.SentAt != null), Patience, "the disclosure to be stamped sent");

        using var response = await api.GetAsync($"/api/flags/{scenario.FlagId}/history", ApiCalls.Token(Roles.Auditor));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("significant-male-linked", body.GetProperty("code").GetString());
        Assert.Equal(scenario.ChildId, body.GetProperty("childId").GetGuid());
        var version = Assert.Single(body.GetProperty("versions").EnumerateArray());
        Assert.Equal("flag-raised", version.GetProperty("event").GetString());
        var evidence = Assert.Single(version.GetProperty("evidence").GetProperty("evidence").EnumerateArray());
        Assert.Equal(("relationship", scenario.RelationshipId), (evidence.GetProperty("kind").GetString(), evidence.GetProperty("id").GetGuid()));
        var disclosure = Assert.Single(body.GetProperty("disclosures").EnumerateArray());
        Assert.Equal("health-visiting", disclosure.GetProperty("subscriber").GetString());
        Assert.NotEqual(JsonValueKind.Null, disclosure.GetProperty("sentAt").ValueKind);
        Assert.Equal(
            [AuditLog.FlagVersion, AuditLog.Disclosure],
            body.GetProperty("changes").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Disclosures_are_listed_by_subscriber_and_by_the_period_they_were_sent_in()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var scenario = await Scenario.BookAsync(Infra, Agency, "flag-2", Patience);
        await Publishing.WaitForAsync(Infra, db => db.Disclosures.AnyAsync(d => d.SentAt != null), Patience, "the disclosure to be stamped sent");
        var sentAt = await Infra.QueryAsync(db => db.Disclosures.Select(d => d.SentAt!.Value).SingleAsync());

        var toHealthVisiting = await ListAsync(api, $"subscriber=health-visiting&from={Time(before)}&to={Time(sentAt.AddSeconds(1))}");
        var toGp = await ListAsync(api, "subscriber=gp");
        var later = await ListAsync(api, $"from={Time(sentAt.AddTicks(10))}");
        using var backwards = await api.GetAsync($"/api/disclosures?from={Time(sentAt)}&to={Time(before)}", ApiCalls.Token(Roles.Auditor));

        var item = Assert.Single(toHealthVisiting.GetProperty("items").EnumerateArray());
        Assert.Equal(scenario.FlagId, item.GetProperty("flagId").GetGuid());
        Assert.Equal("significant-male-linked", item.GetProperty("flagCode").GetString());
        Assert.Equal(0, toGp.GetProperty("total").GetInt64());
        Assert.Equal(0, later.GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
    }

    [Fact]
    public async Task A_reviewer_sees_how_the_father_was_identified_and_whom_he_is_linked_to()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var scenario = await Scenario.BookAsync(Infra, Agency, "person-1", Patience);

        using var response = await api.GetAsync($"/api/persons/{scenario.FatherId}/links", ApiCalls.Token(Roles.Reviewer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Examples.FatherNhs, body.GetProperty("nhsNumber").GetString());
        var record = Assert.Single(body.GetProperty("records").EnumerateArray());
        Assert.Equal("new-person", record.GetProperty("rule").GetString());
        Assert.Equal(1m, record.GetProperty("confidence").GetDecimal());
        var relationship = Assert.Single(body.GetProperty("relationships").EnumerateArray());
        Assert.Equal(scenario.ChildId, relationship.GetProperty("childId").GetGuid());
        Assert.Equal("current", relationship.GetProperty("state").GetString());
        var kinds = body.GetProperty("changes").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ToList();
        Assert.Contains(AuditLog.PersonLinked, kinds);
        Assert.Contains(AuditLog.RelationshipLinked, kinds);
        Assert.DoesNotContain(AuditLog.ApiRead, kinds);
    }

    private static string Time(DateTimeOffset time) =>
        Uri.EscapeDataString(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

    private static async Task<JsonElement> ListAsync(HttpClient api, string query)
    {
        using var response = await api.GetAsync($"/api/disclosures?{query}", ApiCalls.Token(Roles.Auditor));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disclosures");
    }
}
