using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Api;

/// <summary>
/// Links made over time: a booking links the father to the unborn child (t1); the birth turns the pregnancy into the
/// infant and restates the father (t2); housing then declares another man as the baby's non-resident carer (t3).
/// Asked as of a moment between two of these, the history shows what was known then and nothing later.
/// </summary>
public sealed class When_an_auditor_asks_what_was_known_at_a_moment(InfraFixture infra) : IntegrationTest(infra)
{
    private static readonly string CarerNhs = Examples.SyntheticNhs(7);

    [Fact]
    public async Task Each_moment_shows_only_the_links_recorded_by_then()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var scenario = await Scenario.BookAsync(Infra, Agency, "asof-booking", Patience);
        await Agency.PublishAsync("midwifery.fhir", Publishing.BirthNotification(), "asof-birth");
        await Publishing.WaitForAsync(Infra, db => db.Children.AnyAsync(c => c.InfantPersonId != null), Patience, "the birth");
        await Publishing.PublishJsonAsync(Infra, "housing.household", "housing.household-changed.v1", Publishing.HousingWithNonResidentCarer(CarerNhs), "asof-housing");
        await Publishing.WaitForAsync(Infra, db => Publishing.HasRelationshipOfTypeAsync(db, "non-resident-carer"), Patience, "the carer's link");

        var (childCreated, linkedFather, born, linkedCarer) = await Infra.QueryAsync(async db =>
        {
            var child = await db.Children.SingleAsync();
            var father = await db.Relationships.SingleAsync(r => r.PersonId == scenario.FatherId);
            var carer = await db.Relationships.SingleAsync(r => r.Type == "non-resident-carer");
            var birth = await db.AuditEntries.SingleAsync(e => e.Kind == AuditLog.BirthRecorded);
            return (child.CreatedAt, father.RecordedAt, birth.RecordedAt, carer.RecordedAt);
        });
        Assert.Equal(scenario.ChildId, (await Infra.QueryAsync(db => db.Children.SingleAsync())).Id);
        Assert.True(linkedFather < born && born < linkedCarer, "the three messages were processed in order");

        var beforeBooking = await HistoryAsync(api, scenario.ChildId, childCreated.AddMilliseconds(-1));
        var afterBooking = await HistoryAsync(api, scenario.ChildId, Between(linkedFather, born));
        var afterBirth = await HistoryAsync(api, scenario.ChildId, Between(born, linkedCarer));
        var now = await HistoryAsync(api, scenario.ChildId, null);

        Assert.Equal(HttpStatusCode.NotFound, beforeBooking.Status);

        Assert.Equal("unborn", afterBooking.Body.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, afterBooking.Body.GetProperty("infantPersonId").ValueKind);
        var fatherThen = Assert.Single(afterBooking.Body.GetProperty("linkedPeople").EnumerateArray());
        Assert.Equal(Examples.FatherNhs, fatherThen.GetProperty("nhsNumber").GetString());
        var relationshipThen = Assert.Single(fatherThen.GetProperty("relationships").EnumerateArray());
        Assert.Equal("biological-father", relationshipThen.GetProperty("type").GetString());
        Assert.Equal(["asof-booking"], relationshipThen.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("messageId").GetString()));
        Assert.Equal("new-person", Assert.Single(fatherThen.GetProperty("personLinks").EnumerateArray()).GetProperty("rule").GetString());
        Assert.DoesNotContain(AuditLog.BirthRecorded, Kinds(afterBooking.Body));
        Assert.Single(afterBooking.Body.GetProperty("flags").EnumerateArray());

        Assert.Equal("infant", afterBirth.Body.GetProperty("kind").GetString());
        Assert.Equal(Publishing.InfantNhs, afterBirth.Body.GetProperty("infantNhsNumber").GetString());
        var fatherAfterBirth = Assert.Single(afterBirth.Body.GetProperty("linkedPeople").EnumerateArray());
        Assert.Equal(
            ["asof-booking", "asof-birth"],
            Assert.Single(fatherAfterBirth.GetProperty("relationships").EnumerateArray()).GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("messageId").GetString()));
        Assert.Contains(AuditLog.BirthRecorded, Kinds(afterBirth.Body));
        Assert.Single(afterBirth.Body.GetProperty("flags").EnumerateArray());

        var everyone = now.Body.GetProperty("linkedPeople").EnumerateArray()
            .ToDictionary(p => p.GetProperty("nhsNumber").GetString()!, p => p.GetProperty("relationships")[0].GetProperty("type").GetString());
        Assert.Equal(new Dictionary<string, string?> { [Examples.FatherNhs] = "biological-father", [CarerNhs] = "non-resident-carer" }, everyone);
        // Each man is a significant male; the carer is also flagged as a non-resident carer.
        Assert.Equal(
            ["linked-male-non-resident-carer", "significant-male-linked", "significant-male-linked"],
            now.Body.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("code").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["asof-booking", "asof-birth", "asof-housing"], now.Body.GetProperty("sourceMessages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()));
        Assert.True(now.Body.GetProperty("changes").GetProperty("total").GetInt64() > afterBirth.Body.GetProperty("changes").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_changes_are_paged_in_chain_order()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        var scenario = await Scenario.BookAsync(Infra, Agency, "asof-paging", Patience);

        // Chain positions appear once the worker's sealer has reached the entries (shortly after each commit).
        await Audit.AuditSeeding.WaitUntilSealedAsync(Infra, Patience);

        using var first = await api.GetAsync($"/api/children/{scenario.ChildId}/history?pageSize=2", ApiCalls.Token(Roles.Auditor));
        using var second = await api.GetAsync($"/api/children/{scenario.ChildId}/history?pageSize=2&page=2", ApiCalls.Token(Roles.Auditor));
        using var tooBig = await api.GetAsync($"/api/children/{scenario.ChildId}/history?pageSize=500", ApiCalls.Token(Roles.Auditor));
        using var noOffset = await api.GetAsync($"/api/children/{scenario.ChildId}/history?asOf=2027-01-01T10:00:00", ApiCalls.Token(Roles.Auditor));

        var page1 = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changes");
        var page2 = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changes");
        var seqs = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(4, seqs.Count);
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(page1.GetProperty("total").GetInt64(), page2.GetProperty("total").GetInt64());
        Assert.True(page1.GetProperty("total").GetInt64() >= 4);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Equal("application/problem+json", tooBig.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, noOffset.StatusCode);
        Assert.Equal("application/problem+json", noOffset.Content.Headers.ContentType?.MediaType);
    }

    private static DateTimeOffset Between(DateTimeOffset a, DateTimeOffset b) => a + ((b - a) / 2);

    private static IEnumerable<string?> Kinds(JsonElement history) =>
        history.GetProperty("changes").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString());

    private static async Task<(HttpStatusCode Status, JsonElement Body)> HistoryAsync(HttpClient api, Guid childId, DateTimeOffset? asOf)
    {
        var query = asOf is { } at ? "?asOf=" + Uri.EscapeDataString(at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)) : string.Empty;
        using var response = await api.GetAsync($"/api/children/{childId}/history{query}", ApiCalls.Token(Roles.Auditor));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
