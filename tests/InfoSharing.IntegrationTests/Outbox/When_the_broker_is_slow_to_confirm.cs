using System.Text;
using InfoSharing.Data.Messaging;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfoSharing.IntegrationTests.Outbox;

/// <summary>
/// The worker reaches the broker through a relay that holds back the broker's replies, so the dispatcher has
/// published and is waiting for confirms that do not come. No database transaction of the worker's may be open
/// meanwhile (no locks held on the outbox, no connection pinned, nothing for a database failover to abort).
/// </summary>
public sealed class When_the_broker_is_slow_to_confirm(InfraFixture infra) : IntegrationTest(infra)
{
    private const string WorkerApplicationName = "it-outbox-publisher";

    [Fact]
    public async Task No_database_transaction_is_open_while_the_dispatcher_waits()
    {
        await using var relay = new TcpRelay(new Uri(Infra.RabbitMqUri));
        var postgres = new NpgsqlConnectionStringBuilder(Infra.PostgresConnectionString) { ApplicationName = WorkerApplicationName }.ConnectionString;
        await StartWorkerAsync(
            ("ConnectionStrings:RabbitMq", relay.Through(Infra.RabbitMqUri)),
            ("ConnectionStrings:Postgres", postgres),
            ("Outbox:ConfirmTimeout", "00:01:00"),
            ("Outbox:LeaseDuration", "00:02:00"),
            ("Flags:Enabled", "false"));

        // A first message opens the dispatcher's channel (which needs the broker's replies) and goes through.
        await AddRejectionAsync("slow-confirm-0", "first");
        await Eventually.TrueAsync(() => Infra.QueryAsync(db => db.Outbox.AnyAsync(m => m.SentAt != null)), Patience);

        relay.HoldBrokerReplies();
        var before = relay.SentByClient;
        var body = new string('r', 4096);
        await AddRejectionAsync("slow-confirm-1", body);

        // The publish has left the worker (its body went through the relay); the confirm is held back.
        await Eventually.TrueAsync(() => Task.FromResult(relay.SentByClient - before > body.Length), Patience);
        for (var sample = 0; sample < 20; sample++)
        {
            Assert.Equal(0L, await OpenTransactionsAsync());
            await Task.Delay(50);
        }

        Assert.Null((await Infra.QueryAsync(db => db.Outbox.SingleAsync(m => m.MessageId == "slow-confirm-1"))).SentAt);

        relay.ResumeBrokerReplies();
        await Eventually.TrueAsync(() => Infra.QueryAsync(db => db.Outbox.AllAsync(m => m.SentAt != null)), Patience);
        var received = await Agency.ReceiveManyAsync("ingest.rejected.midwifery", 2, Patience);
        Assert.Equal(["slow-confirm-0", "slow-confirm-1"], received.Select(r => r.MessageId));
    }

    private async Task AddRejectionAsync(string messageId, string body)
    {
        await using var db = Infra.CreateDbContext();
        db.Outbox.Add(new OutboxMessage
        {
            Exchange = "infosharing.ingest.rejected",
            RoutingKey = "midwifery.fhir",
            MessageId = messageId,
            ContentType = "application/json",
            Body = Encoding.UTF8.GetBytes(body),
            Headers = "{}",
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private async Task<long> OpenTransactionsAsync()
    {
        await using var connection = new NpgsqlConnection(Infra.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND xact_start IS NOT NULL", connection);
        command.Parameters.AddWithValue("name", WorkerApplicationName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
