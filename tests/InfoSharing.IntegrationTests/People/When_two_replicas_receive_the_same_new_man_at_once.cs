using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.People;

public sealed class When_two_replicas_receive_the_same_new_man_at_once(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task They_end_with_one_person()
    {
        // Two worker hosts on one database and vhost compete for the housing queue, several consumers each.
        (string, string)[] settings = [("Messaging:ConsumerConcurrency", "4"), ("Messaging:Prefetch", "8"), ("Outbox:Enabled", "false")];
        await StartWorkerAsync(settings);
        await StartWorkerAsync(settings);
        const int messages = 24;
        var man = new Man("HSG-P-3000", "Dean", "Mockridge", "1990-08-19", "ZZ1 3CC");
        await Task.WhenAll(Enumerable.Range(0, messages).Select(i =>
            PersonMessages.PublishHousingAsync(Infra, $"race-{i}", $"HSG-3{i:D3}", man with { LocalId = $"HSG-P-3{i:D3}" })));
        await PersonMessages.WaitForMessagesAsync(Infra, messages, Patience);

        Assert.All(await Infra.QueryAsync(db => db.InboundMessages.ToListAsync()), m => Assert.Equal(InboundStatus.Accepted, m.Status));
        var records = await Infra.QueryAsync(db => db.PersonRecords.ToListAsync());
        Assert.Equal(messages, records.Count);
        Assert.Single(records.Select(r => r.PersonId).Distinct());
        Assert.Equal(messages - 1, records.Count(r => r.MatchDecision == "match"));
        Assert.Equal(0, await Infra.QueryAsync(db => db.ReviewTasks.CountAsync()));
    }
}
