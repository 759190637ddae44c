using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Ingest;

/// <summary>
/// Issue 12: a deployment stops the worker with SIGTERM in the middle of a backlog (the host's StopAsync, which is
/// what SIGTERM runs). What was in flight is finished or goes back to the queue: nothing is set aside as failed or
/// rejected because the process was asked to stop, nothing is lost, and nothing is taken in twice.
/// </summary>
public sealed class When_the_worker_is_stopped_during_a_backlog(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task In_flight_messages_finish_or_go_back_and_the_next_worker_takes_the_rest_once()
    {
        const int messages = 60;
        // Small batches, so that the stop lands in the middle of the backlog with a batch in flight.
        (string, string)[] small = [("Messaging:BatchSize", "4"), ("Messaging:Prefetch", "8"), ("Messaging:ConsumerConcurrency", "1")];
        var first = await StartWorkerAsync(small);
        for (var i = 0; i < messages; i++)
        {
            await Agency.PublishAsync("midwifery.fhir", Examples.Booking(Examples.SyntheticNhs(900 + (2 * i)), Examples.SyntheticNhs(901 + (2 * i))), $"stopping-{i}");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (await Infra.QueryAsync(db => db.InboundMessages.CountAsync()) < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "The backlog did not start.");
            await Task.Delay(50);
        }

        await StopAsync(first);
        var storedAtStop = await Infra.QueryAsync(db => db.InboundMessages.CountAsync());
        var waiting = await Agency.CountAsync("ingest.midwifery");
        Assert.True(storedAtStop < messages, "The worker finished the backlog before it was stopped: the test proves nothing.");
        Assert.Equal((uint)(messages - storedAtStop), waiting);
        Assert.All(await Infra.QueryAsync(db => db.InboundMessages.ToListAsync()), m => Assert.True(m.Status == InboundStatus.Accepted, $"{m.MessageId}: {m.Status} {m.ErrorCode} {m.FailureDetail}"));

        await StartWorkerAsync(small);
        deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (await Infra.QueryAsync(db => db.InboundMessages.CountAsync()) < messages)
        {
            Assert.True(DateTime.UtcNow < deadline, "The next worker did not take the rest of the backlog.");
            await Task.Delay(200);
        }

        var stored = await Infra.QueryAsync(db => db.InboundMessages.ToListAsync());
        Assert.Equal(messages, stored.Count);
        Assert.Equal(messages, stored.Select(m => m.MessageId).Distinct().Count());
        Assert.All(stored, m => Assert.True(m.Status == InboundStatus.Accepted, $"{m.MessageId}: {m.Status} {m.ErrorCode} {m.FailureDetail}"));
        Assert.Equal(0u, await Agency.CountAsync("ingest.rejected.midwifery"));
    }
}
