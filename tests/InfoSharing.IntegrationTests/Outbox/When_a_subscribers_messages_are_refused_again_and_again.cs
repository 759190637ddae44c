using System.Text.Json;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.Worker.Features.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Outbox;

/// <summary>
/// Health visiting's queue is gone, so every message for it is refused. After the attempt limit its first row is
/// parked with its error and an alert; its later rows wait behind it (they must not overtake it); every other
/// subscriber's messages still flow. An operator declares the queue again and releases the stream: everything
/// arrives, in the order it was written.
/// </summary>
public sealed class When_a_subscribers_messages_are_refused_again_and_again(InfraFixture infra) : IntegrationTest(infra)
{
    private static readonly (string, string)[] FastRetries =
    [
        ("Messaging:Subscribers:midwifery:Fields:0", "man.name"),
        ("Outbox:MaxAttempts", "3"),
        ("Outbox:RetryDelay", "00:00:00.050"),
        ("Outbox:MaxRetryDelay", "00:00:00.100"),
        ("Flags:Enabled", "false"),
    ];

    [Fact]
    public async Task The_row_is_parked_after_the_limit_and_the_others_still_flow()
    {
        var worker = await StartWorkerAsync(FastRetries);
        await Agency.DeleteQueueAsync("flags.health-visiting");
        var first = await OutboxRows.AddFlagMessagesAsync(Infra, 1, "health-visiting", "midwifery");

        await Eventually.TrueAsync(() => Infra.QueryAsync(db => db.Outbox.AnyAsync(m => m.ParkedAt != null)));
        var parked = await Infra.QueryAsync(db => db.Outbox.SingleAsync(m => m.ParkedAt != null));
        Assert.Equal(first[0].MessageId, parked.MessageId);
        Assert.Equal(3, parked.Attempts);
        Assert.Contains("unroutable", parked.LastError, StringComparison.Ordinal);
        Assert.Equal(first[1].MessageId, (await Agency.ReceiveAsync("flags.midwifery", Patience))?.MessageId);

        // Written after the park: midwifery's arrives; health visiting's waits behind the parked row, untried.
        var later = await OutboxRows.AddFlagMessagesAsync(Infra, 1, "health-visiting", "midwifery");
        Assert.Equal(later[1].MessageId, (await Agency.ReceiveAsync("flags.midwifery", Patience))?.MessageId);
        var waiting = await Infra.QueryAsync(db => db.Outbox.SingleAsync(m => m.MessageId == later[0].MessageId));
        Assert.Null(waiting.SentAt);
        Assert.Equal(0, waiting.Attempts);

        var listed = await worker.Services.GetRequiredService<OutboxAdmin>().ListParkedAsync(CancellationToken.None);
        var row = Assert.Single(listed);
        Assert.Equal(parked.Id, row.Id);
        Assert.Equal("infosharing.flags:health-visiting", row.Stream);
        Assert.Equal(1, row.Waiting);
    }

    [Fact]
    public async Task Nothing_later_for_that_subscriber_overtakes_it_and_release_delivers_all_in_order()
    {
        var worker = await StartWorkerAsync(FastRetries);
        await Agency.DeleteQueueAsync("flags.health-visiting");
        var written = await OutboxRows.AddFlagMessagesAsync(Infra, 1, "health-visiting");
        await Eventually.TrueAsync(() => Infra.QueryAsync(db => db.Outbox.AnyAsync(m => m.ParkedAt != null)));
        written.AddRange(await OutboxRows.AddFlagMessagesAsync(Infra, 3, "health-visiting"));

        // The queue is back, but the stream stays held until an operator says so: nothing may jump the parked row.
        // A midwifery row written after them is delivered, so the dispatcher has been past them (rows go in id order).
        await Agency.DeclareQueueAsync("flags.health-visiting", "infosharing.flags", "health-visiting.#");
        var marker = await OutboxRows.AddFlagMessagesAsync(Infra, 1, "midwifery");
        Assert.Equal(marker[0].MessageId, (await Agency.ReceiveAsync("flags.midwifery", Patience))?.MessageId);
        Assert.Equal(0u, await Agency.CountAsync("flags.health-visiting"));

        using var output = new StringWriter();
        var exit = await OutboxCommand.RunAsync(worker.Services, ["release", written[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", "duty-operator"], output);
        Assert.Equal(0, exit);
        Assert.Contains("released 4 outbox row(s)", output.ToString(), StringComparison.Ordinal);

        var received = await Agency.ReceiveManyAsync("flags.health-visiting", 4, Patience);
        Assert.Equal(written.Select(w => w.MessageId), received.Select(r => r.MessageId));
        var release = await Infra.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.Kind == AuditLog.OutboxReleased));
        Assert.Equal("operator:duty-operator", release.Actor);
        using var content = JsonDocument.Parse(release.Content);
        Assert.Equal(4, content.RootElement.GetProperty("rowsReleased").GetInt32());
    }
}
