using System.Text;
using InfoSharing.Data.Messaging;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfoSharing.IntegrationTests.Outbox;

/// <summary>
/// The broker has confirmed a message, and the database is gone before the dispatcher can stamp it sent (a restart,
/// a failover). The dispatcher keeps the broker's answer and records it when the database is back, instead of
/// claiming the row again and publishing it a second time.
/// </summary>
public sealed class When_the_database_goes_away_after_the_broker_confirmed(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_confirm_is_recorded_when_it_is_back_and_nothing_is_sent_twice()
    {
        var postgres = new NpgsqlConnectionStringBuilder(Infra.PostgresConnectionString);
        await using var database = new TcpRelay(postgres.Host!, postgres.Port);
        await using var broker = new TcpRelay(new Uri(Infra.RabbitMqUri));
        postgres.Host = "127.0.0.1";
        postgres.Port = database.Port;
        await StartWorkerAsync(
            ("ConnectionStrings:RabbitMq", broker.Through(Infra.RabbitMqUri)),
            ("ConnectionStrings:Postgres", postgres.ConnectionString),
            ("Outbox:ConfirmTimeout", "00:01:00"),
            ("Outbox:LeaseDuration", "00:02:00"),
            ("Flags:Enabled", "false"));
        await AddRejectionAsync("warm-up");
        Assert.Equal("warm-up", (await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience))?.MessageId);

        // Published, the confirm held back; then the database goes, and only then does the confirm arrive.
        broker.HoldBrokerReplies();
        var before = broker.SentByClient;
        await AddRejectionAsync("confirmed-during-outage");
        await Eventually.TrueAsync(() => Task.FromResult(broker.SentByClient - before > 1000), Patience);
        database.Sever();
        broker.ResumeBrokerReplies();
        Assert.Equal("confirmed-during-outage", (await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience))?.MessageId);
        await Eventually.TrueAsync(() => Task.FromResult(database.Refused >= 2), Patience, "The dispatcher did not try to record while the database was away.");

        database.Restore();
        await Eventually.TrueAsync(() => Infra.QueryAsync(db => db.Outbox.AllAsync(m => m.SentAt != null)), Patience);
        Assert.Null(await Agency.ReceiveAsync("ingest.rejected.midwifery", TimeSpan.FromSeconds(2)));
    }

    private async Task AddRejectionAsync(string messageId)
    {
        await using var db = Infra.CreateDbContext();
        db.Outbox.Add(new OutboxMessage
        {
            Exchange = "infosharing.ingest.rejected",
            RoutingKey = "midwifery.fhir",
            MessageId = messageId,
            ContentType = "application/json",
            Body = Encoding.UTF8.GetBytes(new string('x', 2048)),
            Headers = "{}",
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
