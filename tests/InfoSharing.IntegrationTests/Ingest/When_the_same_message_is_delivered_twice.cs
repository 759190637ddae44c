using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Ingest;

public sealed class When_the_same_message_is_delivered_twice(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_second_delivery_changes_nothing_and_sends_nothing()
    {
        // One delivery at a time, so that the sentinel below is processed after the duplicate.
        await StartWorkerAsync(("Messaging:ConsumerConcurrency", "1"), ("Messaging:Prefetch", "1"));
        var booking = Examples.Booking();

        await Agency.PublishAsync("midwifery.fhir", booking, "dup-1");
        await Agency.PublishAsync("midwifery.fhir", booking, "dup-1");
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(Examples.SyntheticNhs(1), Examples.SyntheticNhs(2)), "sentinel");

        var flags = await Agency.ReceiveManyAsync("flags.health-visiting", 2, Patience);
        Assert.Equal(2, flags.Select(f => f.MessageId).Distinct().Count());
        Assert.Null(await Agency.ReceiveAsync("flags.health-visiting", TimeSpan.FromSeconds(1)));

        Assert.Equal(1, await Infra.QueryAsync(db => db.InboundMessages.CountAsync(m => m.MessageId == "dup-1")));
        Assert.Equal(2, await Infra.QueryAsync(db => db.Relationships.CountAsync()));
        Assert.Equal(4, await Infra.QueryAsync(db => db.PersonRecords.CountAsync()));
        Assert.Equal(2, await Infra.QueryAsync(db => db.Outbox.CountAsync()));
    }
}
