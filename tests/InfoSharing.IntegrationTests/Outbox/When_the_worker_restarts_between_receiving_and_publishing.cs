using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Outbox;

public sealed class When_the_worker_restarts_between_receiving_and_publishing(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_flag_is_published_once_by_the_next_worker()
    {
        // The first worker commits the flag and its outbox row but never dispatches: it stops in between.
        var first = await StartWorkerAsync(("Outbox:Enabled", "false"));
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "restart-1");
        await WaitUntilAsync(() => Infra.QueryAsync(db => db.Outbox.AnyAsync(m => m.SentAt == null)));
        await StopAsync(first);
        Assert.Equal(0u, await Agency.CountAsync("flags.health-visiting"));
        Assert.Equal(0u, await Agency.CountAsync("ingest.midwifery"));

        await StartWorkerAsync();

        var flag = await Agency.ReceiveAsync("flags.health-visiting", Patience);
        Assert.NotNull(flag);
        Assert.Null(await Agency.ReceiveAsync("flags.health-visiting", TimeSpan.FromSeconds(2)));
        await WaitUntilAsync(() => Infra.QueryAsync(db => db.Disclosures.AllAsync(d => d.SentAt != null)));
        var outbox = await Infra.QueryAsync(db => db.Outbox.SingleAsync());
        Assert.Equal(flag.MessageId, outbox.MessageId);
        Assert.NotNull(outbox.SentAt);
        Assert.Equal(1, await Infra.QueryAsync(db => db.Flags.CountAsync()));
    }

    [Fact]
    public async Task A_message_received_but_not_yet_acknowledged_is_processed_after_the_restart()
    {
        // Nothing consumes while the worker is down; the message waits in the durable queue.
        var first = await StartWorkerAsync();
        await StopAsync(first);
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "while-down");
        Assert.Equal(1u, await Agency.CountAsync("ingest.midwifery"));

        await StartWorkerAsync();

        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));
        Assert.Equal(1, await Infra.QueryAsync(db => db.InboundMessages.CountAsync()));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(100);
        }
    }
}
