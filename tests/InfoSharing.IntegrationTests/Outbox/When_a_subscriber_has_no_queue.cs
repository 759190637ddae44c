using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Outbox;

/// <summary>
/// A flag for health visiting when nothing is bound to take it (its queue was deleted): the broker returns the
/// message as unroutable and confirms it. That is not a delivery and must not be recorded as a disclosure.
/// </summary>
public sealed class When_a_subscriber_has_no_queue(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_flag_is_not_recorded_as_disclosed_to_it()
    {
        await StartWorkerAsync(("Messaging:Subscribers:midwifery:Fields:0", "man.name"), ("Outbox:RetryDelay", "00:00:00.100"));
        await Agency.DeleteQueueAsync("flags.health-visiting");

        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "booking-unroutable");

        // Midwifery, which has its queue, receives the flag; health visiting's row is refused as unroutable.
        Assert.NotNull(await Agency.ReceiveAsync("flags.midwifery", Patience));
        await Eventually.TrueAsync(() => Infra.QueryAsync(db => db.Outbox.AnyAsync(m => m.RoutingKey.StartsWith("health-visiting.") && m.Attempts >= 2)));

        var row = await Infra.QueryAsync(db => db.Outbox.SingleAsync(m => m.RoutingKey.StartsWith("health-visiting.")));
        Assert.Null(row.SentAt);
        Assert.Contains("unroutable", row.LastError, StringComparison.Ordinal);
        var disclosure = await Infra.QueryAsync(db => db.Disclosures.SingleAsync(d => d.MessageId == row.MessageId));
        Assert.Null(disclosure.SentAt);
        var audited = await Infra.QueryAsync(db => db.AuditEntries.Where(e => e.Kind == AuditLog.Disclosure).Select(e => e.Content).ToListAsync());
        Assert.DoesNotContain(audited, content => content.Contains(row.MessageId, StringComparison.Ordinal));
        Assert.Contains(audited, content => content.Contains("-midwifery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task It_is_delivered_and_disclosed_once_the_queue_is_back()
    {
        await StartWorkerAsync(("Outbox:RetryDelay", "00:00:00.100"), ("Outbox:MaxRetryDelay", "00:00:00.200"));
        await Agency.DeleteQueueAsync("flags.health-visiting");
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "booking-late-queue");
        await Eventually.TrueAsync(() => Infra.QueryAsync(db => db.Outbox.AnyAsync(m => m.Attempts >= 1)));

        await Agency.DeclareQueueAsync("flags.health-visiting", "infosharing.flags", "health-visiting.#");

        var flag = await Agency.ReceiveAsync("flags.health-visiting", Patience);
        Assert.NotNull(flag);
        await Eventually.TrueAsync(() => Infra.QueryAsync(db => db.Disclosures.AnyAsync(d => d.MessageId == flag.MessageId && d.SentAt != null)));
        Assert.Null(await Agency.ReceiveAsync("flags.health-visiting", TimeSpan.FromSeconds(1)));
    }
}
