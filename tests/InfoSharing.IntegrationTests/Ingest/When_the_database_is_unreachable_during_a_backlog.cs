using System.Globalization;
using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfoSharing.IntegrationTests.Ingest;

public sealed class When_the_database_is_unreachable_during_a_backlog(InfraFixture infra) : IntegrationTest(infra)
{
    /// <summary>How long PostgreSQL is away (INFOSHARING_TEST_OUTAGE_SECONDS; 60 for the figure in the README).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("INFOSHARING_TEST_OUTAGE_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 15);

    [Fact]
    public async Task Nothing_valid_is_rejected_or_set_aside_and_every_message_is_accepted_after_it()
    {
        var direct = new NpgsqlConnectionStringBuilder(Infra.PostgresConnectionString);
        await using var proxy = new TcpRelay(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(Infra.PostgresConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;
        await StartWorkerAsync(("ConnectionStrings:Postgres", viaProxy), ("Messaging:OutageRetryMaxInterval", "00:00:02"));

        const int messages = 60;
        for (var i = 0; i < messages; i++)
        {
            await Agency.PublishAsync("midwifery.fhir", Examples.Booking(Examples.SyntheticNhs(700 + (2 * i)), Examples.SyntheticNhs(701 + (2 * i))), $"backlog-{i}");
        }

        await WaitForAsync(n => n >= 5, TimeSpan.FromMinutes(1));
        proxy.Sever();
        await Task.Delay(Outage);
        proxy.Restore();
        await WaitForAsync(n => n == messages, TimeSpan.FromMinutes(3));

        var stored = await Infra.QueryAsync(db => db.InboundMessages.ToListAsync());
        Assert.Equal(messages, stored.Count);
        Assert.All(stored, m => Assert.True(m.Status == InboundStatus.Accepted, $"{m.MessageId}: {m.Status} {m.ErrorCode} {m.FailureDetail}"));
        Assert.Equal(0u, await Agency.CountAsync("ingest.rejected.midwifery"));
    }

    private async Task WaitForAsync(Func<int, bool> stored, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!stored(await Infra.QueryAsync(db => db.InboundMessages.CountAsync())))
        {
            Assert.True(DateTime.UtcNow < deadline, "The backlog was not processed in time.");
            await Task.Delay(200);
        }
    }
}
