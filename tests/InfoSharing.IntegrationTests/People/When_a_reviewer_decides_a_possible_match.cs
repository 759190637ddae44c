using System.Net;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.People;

public sealed class When_a_reviewer_decides_a_possible_match(InfraFixture infra) : IntegrationTest(infra)
{
    // Housing knows a Dean Mockridge; midwifery names a Dean Mockridge as the father, with another birth date.
    private static readonly Man InHousing = new("HSG-P-4001", "Dean", "Mockridge", "1985-03-02", "ZZ9 9ZZ");
    private static readonly Man Father = new("mw-partner-4001", "Dean", "Mockridge", "1990-08-19");

    private async Task<(HttpClient Api, Guid HousingPerson, Guid FatherRecord, Guid FatherPerson, Guid ReviewId)> PossibleMatchAsync()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        await PersonMessages.PublishHousingAsync(Infra, "housing-4001", "HSG-4001", InHousing);
        await PersonMessages.WaitForMessagesAsync(Infra, 1, Patience);
        await Agency.PublishAsync("midwifery.fhir", PersonMessages.BookingNaming(Father), "booking-4001");
        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));

        var housing = await Infra.QueryAsync(db => db.PersonRecords.SingleAsync(r => r.Agency == "housing"));
        var father = await Infra.QueryAsync(db => db.PersonRecords.SingleAsync(r => r.LocalId == Father.LocalId));
        Assert.NotEqual(housing.PersonId, father.PersonId);

        using var list = await api.GetAsync("/api/reviews", ApiCalls.Token(Roles.Reviewer));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var page = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        var review = page.RootElement.GetProperty("reviews").GetProperty("items").EnumerateArray().Single();
        Assert.Equal(father.Id, review.GetProperty("personRecordId").GetGuid());
        Assert.Equal(housing.PersonId, review.GetProperty("candidates")[0].GetProperty("personId").GetGuid());
        return (api, housing.PersonId, father.Id, father.PersonId, review.GetProperty("reviewId").GetGuid());
    }

    [Fact]
    public async Task Confirming_merges_him_and_his_link_and_flag_follow()
    {
        var (api, housingPerson, fatherRecord, fatherPerson, reviewId) = await PossibleMatchAsync();
        Assert.True(await Infra.QueryAsync(db => db.Flags.AnyAsync(f => f.PersonId == fatherPerson)), "the booking flagged the father's own person");

        await ReviewCalls.DecideAsync(api, reviewId, new { decision = "confirm", personId = housingPerson, reason = "same man: GP confirmed" });

        Assert.Equal(housingPerson, await Infra.QueryAsync(db => db.PersonRecords.Where(r => r.Id == fatherRecord).Select(r => r.PersonId).SingleAsync()));
        Assert.Equal(housingPerson, await Infra.QueryAsync(db => db.Persons.Where(p => p.Id == fatherPerson).Select(p => p.MergedIntoPersonId).SingleAsync()));
        var relationship = await Infra.QueryAsync(db => db.Relationships.SingleAsync());
        Assert.Equal(housingPerson, relationship.PersonId);
        Assert.True(await Infra.QueryAsync(db => db.Flags.AnyAsync(f => f.PersonId == housingPerson)));
        Assert.False(await Infra.QueryAsync(db => db.Flags.AnyAsync(f => f.PersonId == fatherPerson)));
        var request = await Infra.QueryAsync(db => db.ReevaluationRequests.SingleAsync());
        Assert.Equal((relationship.ChildId, "merge"), (request.ChildId, request.Cause));
        await Publishing.WaitForAsync(Infra, db => db.ReevaluationRequests.AllAsync(r => r.ProcessedAt != null), Patience, "the merge to be re-evaluated");
        var task = await Infra.QueryAsync(db => db.ReviewTasks.SingleAsync());
        Assert.Equal(("confirmed", "reviewer-1", (Guid?)housingPerson), (task.Status, task.DecidedBy, task.DecidedPersonId));
        Assert.True(await Infra.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Kind == AuditLog.PersonsMerged)));

        // A second decision on the same task is refused: a manual decision stands.
        using var again = await ReviewCalls.PostAsync(api, $"/api/reviews/{reviewId}/decision", new { decision = "reject", reason = "changed my mind" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Unmerging_restores_him_to_a_person_of_his_own_with_his_link()
    {
        var (api, housingPerson, fatherRecord, _, reviewId) = await PossibleMatchAsync();
        await ReviewCalls.DecideAsync(api, reviewId, new { decision = "confirm", personId = housingPerson, reason = "same man" });

        using var response = await ReviewCalls.PostAsync(api, $"/api/persons/{housingPerson}/unmerge", new { personRecordId = fatherRecord, reason = "different men after all" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var restored = body.RootElement.GetProperty("newPersonId").GetGuid();

        Assert.Equal(restored, await Infra.QueryAsync(db => db.PersonRecords.Where(r => r.Id == fatherRecord).Select(r => r.PersonId).SingleAsync()));
        Assert.Equal(restored, (await Infra.QueryAsync(db => db.Relationships.SingleAsync())).PersonId);
        Assert.Equal(1, await Infra.QueryAsync(db => db.PersonRecords.CountAsync(r => r.PersonId == housingPerson)));
        Assert.Equal(["merge", "unmerge"], await Infra.QueryAsync(db => db.PersonMerges.OrderBy(m => m.At).ThenBy(m => m.Id).Select(m => m.Kind).ToListAsync()));
        Assert.Equal(["merge", "unmerge"], await Infra.QueryAsync(db => db.ReevaluationRequests.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).Select(r => r.Cause).ToListAsync()));
        Assert.True(await Infra.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Kind == AuditLog.PersonUnmerged)));
    }

    [Fact]
    public async Task The_history_as_of_each_moment_names_the_person_the_link_rested_on_then()
    {
        // Linked (to a person of his own, pending review), reviewed (merged into the housing man), undone (unmerged).
        var (api, housingPerson, fatherRecord, fatherPerson, reviewId) = await PossibleMatchAsync();
        var childId = (await Infra.QueryAsync(db => db.Relationships.SingleAsync())).ChildId;
        var linked = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await ReviewCalls.DecideAsync(api, reviewId, new { decision = "confirm", personId = housingPerson, reason = "same man" });
        var merged = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        using var undo = await ReviewCalls.PostAsync(api, $"/api/persons/{housingPerson}/unmerge", new { personRecordId = fatherRecord, reason = "different men after all" });
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        var restored = await Infra.QueryAsync(db => db.PersonRecords.Where(r => r.Id == fatherRecord).Select(r => r.PersonId).SingleAsync());

        Assert.Equal(fatherPerson, await LinkedPersonAsync(api, childId, linked));
        Assert.Equal(housingPerson, await LinkedPersonAsync(api, childId, merged));
        Assert.Equal(restored, await LinkedPersonAsync(api, childId, null));
        Assert.NotEqual(fatherPerson, restored);
    }

    private static async Task<Guid> LinkedPersonAsync(HttpClient api, Guid childId, DateTimeOffset? asOf)
    {
        var query = asOf is { } at ? "?asOf=" + Uri.EscapeDataString(at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)) : string.Empty;
        using var response = await api.GetAsync($"/api/children/{childId}/history{query}", ApiCalls.Token(Roles.Auditor));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("linkedPeople").EnumerateArray().Single().GetProperty("personId").GetGuid();
    }

    [Fact]
    public async Task Rejecting_keeps_them_apart_even_when_the_record_later_agrees()
    {
        var (api, housingPerson, _, fatherPerson, reviewId) = await PossibleMatchAsync();
        await ReviewCalls.DecideAsync(api, reviewId, new { decision = "reject", reason = "different men" });

        // Midwifery corrects the father's record (same resource id) to the housing man's birth date and postcode:
        // alone, that would join him to the housing man automatically.
        var corrected = Father with { BirthDate = InHousing.BirthDate };
        await Agency.PublishAsync("midwifery.fhir", PersonMessages.BookingNaming(corrected), "booking-4002");
        await PersonMessages.WaitForMessagesAsync(Infra, 3, Patience);

        var latest = await Infra.QueryAsync(db => db.PersonRecords.Where(r => r.LocalId == Father.LocalId).OrderByDescending(r => r.CreatedAt).FirstAsync());
        Assert.NotEqual(housingPerson, latest.PersonId);
        Assert.Equal(1, await Infra.QueryAsync(db => db.PersonRecords.CountAsync(r => r.PersonId == housingPerson)));
        Assert.NotEqual(fatherPerson, housingPerson);
        var housingId = housingPerson.ToString();
        var candidates = await Infra.QueryAsync(db => db.ReviewTasks.Select(t => t.Candidates).ToListAsync());
        Assert.Single(candidates, c => c.Contains(housingId, StringComparison.Ordinal));
        Assert.Equal(1, await Infra.QueryAsync(db => db.MatchExclusions.CountAsync(e => e.PersonId == housingPerson)));
    }
}
