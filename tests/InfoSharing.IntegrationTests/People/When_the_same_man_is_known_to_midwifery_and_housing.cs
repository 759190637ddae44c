using System.Text.Json;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.People;

public sealed class When_the_same_man_is_known_to_midwifery_and_housing(InfraFixture infra) : IntegrationTest(infra)
{
    private static readonly Man InMidwifery = new("mw-partner-2001", "Jordan", "Samplesby", "1997-08-30");

    [Fact]
    public async Task A_misspelt_name_in_housing_joins_his_person_with_the_weights_stored()
    {
        await StartWorkerAsync();
        await Agency.PublishAsync("midwifery.fhir", PersonMessages.BookingNaming(InMidwifery), "booking-2001");
        await PersonMessages.WaitForMessagesAsync(Infra, 1, Patience);
        await PersonMessages.PublishHousingAsync(Infra, "housing-2001", "HSG-2001", new Man("HSG-P-2001", "Jordon", "Samplesby", "1997-08-30"));
        await PersonMessages.WaitForMessagesAsync(Infra, 2, Patience);

        var records = await Infra.QueryAsync(db => db.PersonRecords.Where(r => r.FamilyName == "Samplesby").OrderBy(r => r.CreatedAt).ToListAsync());
        Assert.All(await Infra.QueryAsync(db => db.InboundMessages.ToListAsync()), m => Assert.Equal(InboundStatus.Accepted, m.Status));
        Assert.Equal(2, records.Count);
        Assert.Equal(records[0].PersonId, records[1].PersonId);
        var housing = records[1];
        Assert.Equal(("housing", "probabilistic", "match"), (housing.Agency, housing.LinkRule, housing.MatchDecision));
        Assert.True(housing.MatchWeight > 0);
        Assert.InRange(housing.LinkConfidence, 0.99m, 1m);
        Assert.StartsWith("fs1-", housing.ModelVersion, StringComparison.Ordinal);
        Assert.NotNull(housing.BlockingRule);
        using var contributions = JsonDocument.Parse(housing.MatchContributions!);
        var given = contributions.RootElement.EnumerateArray().Single(c => c.GetProperty("comparison").GetString() == "given_name");
        Assert.NotEqual("exact", given.GetProperty("level").GetString());
        Assert.Equal(1, await Infra.QueryAsync(db => db.BlockingKeys.Where(k => k.PersonRecordId == housing.Id && k.Rule == "birth-date").CountAsync()));
        Assert.Equal(0, await Infra.QueryAsync(db => db.ReviewTasks.CountAsync()));

        // The audit entry explains the join without naming him.
        var audit = await Infra.QueryAsync(db => db.AuditEntries.Where(e => e.Kind == AuditLog.PersonLinked).OrderBy(e => e.EntryNo).ToListAsync());
        var entry = audit.Single(e => e.Content.Contains(housing.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains(housing.ModelVersion!, entry.Content, StringComparison.Ordinal);
        Assert.Contains("\"contributions\"", entry.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("Samplesby", string.Concat(audit.Select(e => e.Content)), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Jordon", string.Concat(audit.Select(e => e.Content)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_possible_match_opens_a_review_task_and_links_nobody()
    {
        await StartWorkerAsync();
        await Agency.PublishAsync("midwifery.fhir", PersonMessages.BookingNaming(InMidwifery), "booking-2002");
        await PersonMessages.WaitForMessagesAsync(Infra, 1, Patience);

        // Same name, but another birth date and postcode: the model is unsure.
        await PersonMessages.PublishHousingAsync(Infra, "housing-2002", "HSG-2002", new Man("HSG-P-2002", "Jordan", "Samplesby", "1985-03-02", "ZZ9 9ZZ"));
        await PersonMessages.WaitForMessagesAsync(Infra, 2, Patience);

        var records = await Infra.QueryAsync(db => db.PersonRecords.Where(r => r.FamilyName == "Samplesby").OrderBy(r => r.CreatedAt).ToListAsync());
        Assert.Equal(2, records.Count);
        Assert.NotEqual(records[0].PersonId, records[1].PersonId);
        Assert.Equal(("new-person", "possible-match"), (records[1].LinkRule, records[1].MatchDecision));
        var task = await Infra.QueryAsync(db => db.ReviewTasks.SingleAsync());
        Assert.Equal(("open", records[1].Id), (task.Status, task.PersonRecordId));
        Assert.Contains(records[0].PersonId.ToString(), task.Candidates, StringComparison.Ordinal);

        // Nothing about the child rests on the housing record's person.
        Assert.False(await Infra.QueryAsync(db => db.Relationships.AnyAsync(r => r.PersonId == records[1].PersonId)));
    }
}
