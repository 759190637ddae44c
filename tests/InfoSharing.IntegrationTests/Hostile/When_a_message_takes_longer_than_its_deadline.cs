using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfoSharing.IntegrationTests.Hostile;

/// <summary>
/// A message whose processing cannot finish (here: the audit chain's lock is held elsewhere, as a stuck session would)
/// is cancelled at Messaging:ProcessingDeadline and rejected processing-timeout; the worker then serves the next one.
/// </summary>
public sealed class When_a_message_takes_longer_than_its_deadline(InfraFixture infra) : IntegrationTest(infra)
{
    // Accepting and rejecting a message each begin by looking for it in the inbox: holding that table holds both.
    private const string WaitingOnInbox = """
        SELECT a.xact_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'relation' AND l.relation = 'ingest.inbound_messages'::regclass AND NOT l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY a.xact_start DESC LIMIT 1
        """;

    [Fact]
    public async Task It_is_rejected_processing_timeout_and_the_next_message_is_accepted()
    {
        // A first worker, with the default deadline, warms this process (JIT, EF's model) so that on a loaded machine
        // only the lock below, not a cold start, keeps the second worker's messages past their short deadline.
        var warm = await StartWorkerAsync();
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(Examples.SyntheticNhs(3), Examples.SyntheticNhs(4)), "warm-up");
        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));
        await StopAsync(warm);
        // Batches of one: a batch past its deadline is first retried one message at a time, and this test is about a message alone.
        await StartWorkerAsync(("Messaging:ConsumerConcurrency", "1"), ("Messaging:BatchSize", "1"), ("Messaging:Prefetch", "1"), ("Messaging:ProcessingDeadline", "00:00:05"));
        await using var blocker = new NpgsqlConnection(Infra.PostgresConnectionString);
        await blocker.OpenAsync();
        await using var holding = await blocker.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("LOCK TABLE ingest.inbound_messages IN ACCESS EXCLUSIVE MODE", blocker, holding))
        {
            await take.ExecuteNonQueryAsync();
        }

        DateTime published;
        await using (var now = new NpgsqlCommand("SELECT clock_timestamp()", blocker))
        {
            published = (DateTime)(await now.ExecuteScalarAsync())!;
        }

        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "stuck");

        // The accepting transaction waits on the lock until its deadline cancels it; the rejection then waits in a
        // transaction of its own, begun after the deadline. Release the lock only once that wait has begun. The next
        // message goes once the lock is gone (the lock holds every message's inbox read, not only the slow one's):
        // the worker has moved on and takes it.
        await WaitForWaiterAsync(startedAfter: published.AddSeconds(5));
        await holding.CommitAsync();
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(Examples.SyntheticNhs(1), Examples.SyntheticNhs(2)), "after-stuck");

        var rejected = await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience);
        Assert.NotNull(rejected);
        Assert.Equal(("stuck", "processing-timeout"), (rejected.MessageId, rejected.Headers["x-infosharing-error-code"]));
        var stored = await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.MessageId == "stuck"));
        Assert.Equal(InboundStatus.Rejected, stored.Status);
        Assert.NotEmpty(stored.Body);
        Assert.Equal(0, await Infra.QueryAsync(db => db.PersonRecords.CountAsync(r => r.InboundMessageId == stored.Id)));

        await Publishing.WaitForAsync(Infra, db => db.InboundMessages.AnyAsync(m => m.MessageId == "after-stuck"), Patience, "the message after the stuck one");
        var next = await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.MessageId == "after-stuck"));
        Assert.Equal((InboundStatus.Accepted, null), (next.Status, next.ErrorCode));
        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));
    }

    private async Task WaitForWaiterAsync(DateTime startedAfter)
    {
        // Its own connection: inside the blocker's transaction pg_stat_activity would be a snapshot taken at its start.
        await using var connection = new NpgsqlConnection(Infra.PostgresConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            await using var query = new NpgsqlCommand(WaitingOnInbox, connection);
            if (await query.ExecuteScalarAsync() is DateTime started && started > startedAfter)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The timed-out message was not rejected in a transaction of its own.");
    }
}
