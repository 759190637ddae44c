using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Outbox;

/// <summary>
/// Hundreds of committed flag messages for three subscribers, interleaved as the rules write them, published in
/// pipelined batches: each subscriber receives every one of its messages once, in the order they were written, and
/// each is disclosed once.
/// </summary>
public sealed class When_many_flags_go_to_several_subscribers_at_once(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task Each_subscriber_receives_its_messages_once_in_the_order_written()
    {
        string[] subscribers = ["health-visiting", "midwifery", "gp"];
        await StartWorkerAsync(
            ("Messaging:Subscribers:midwifery:Fields:0", "man.name"),
            ("Messaging:Subscribers:gp:Fields:0", "man.name"),
            ("Outbox:BatchSize", "64"),
            ("Flags:Enabled", "false"));

        await OutboxRows.AddFlagMessagesAsync(Infra, 200, subscribers);

        var written = await Infra.QueryAsync(db => db.Outbox.OrderBy(m => m.Id).Select(m => new { m.MessageId, m.RoutingKey }).ToListAsync());
        foreach (var subscriber in subscribers)
        {
            var expected = written.Where(w => w.RoutingKey.StartsWith(subscriber + ".", StringComparison.Ordinal)).Select(w => w.MessageId).ToList();
            var received = await Agency.ReceiveManyAsync($"flags.{subscriber}", expected.Count, TimeSpan.FromSeconds(60));
            Assert.Equal(expected, received.Select(r => r.MessageId));
        }

        await Eventually.TrueAsync(() => Infra.QueryAsync(db => db.Disclosures.AllAsync(d => d.SentAt != null)));
        Assert.Equal(600, await Infra.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Kind == "disclosure")));
    }
}
