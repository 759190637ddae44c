using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Messaging;
using InfoSharing.IntegrationTests.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.Worker;
using InfoSharing.Worker.Features.Retention;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfoSharing.IntegrationTests.Retention;

/// <summary>
/// The worker's `purge` command against a database holding bodies on both sides of the default periods (90 days for
/// agency messages, 30 for sent outbox messages), run through the worker host's own services.
/// </summary>
public sealed class When_raw_bodies_pass_their_retention_period(InfraFixture infra) : IntegrationTest(infra)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task The_purge_empties_only_old_finished_bodies_keeps_their_rows_and_hashes_and_is_audited()
    {
        var seeded = await SeedAsync();
        var (exitCode, output) = await PurgeAsync("--operator", "ig-officer@partnership");

        var inbound = await Infra.QueryAsync(db => db.InboundMessages.AsNoTracking().ToDictionaryAsync(m => m.MessageId!));
        var outbox = await Infra.QueryAsync(db => db.Outbox.AsNoTracking().ToDictionaryAsync(m => m.MessageId));
        Assert.Equal(0, exitCode);
        Assert.Contains("purged 2 bodies from ingest.inbound_messages", output, StringComparison.Ordinal);
        Assert.Contains("purged 1 bodies from messaging.outbox", output, StringComparison.Ordinal);

        foreach (var id in new[] { "old-accepted", "old-rejected" })
        {
            var message = inbound[id];
            Assert.Empty(message.Body);
            Assert.Equal(SHA256.HashData(seeded[id]), message.BodySha256);
            Assert.NotNull(message.BodyPurgedAt);
        }

        // The rows and their metadata stay as they were.
        Assert.Equal((InboundStatus.Rejected, "invalid-fhir", "The body is not FHIR.", "gp.fhir", "gp"), (inbound["old-rejected"].Status, inbound["old-rejected"].ErrorCode, inbound["old-rejected"].Error, inbound["old-rejected"].RoutingKey, inbound["old-rejected"].UserId));
        Assert.Equal(Now.AddDays(-100).UtcTicks / 10, inbound["old-accepted"].ReceivedAt.UtcTicks / 10);

        // Nothing else: recent bodies, bodies never stored, outbox rows not sent yet or sent recently.
        Assert.Equal(seeded["recent"], inbound["recent"].Body);
        Assert.Equal(seeded["just-inside"], inbound["just-inside"].Body);
        Assert.Null(inbound["recent"].BodyPurgedAt);
        Assert.Empty(inbound["too-large"].Body);
        Assert.Null(inbound["too-large"].BodyPurgedAt);
        Assert.Empty(outbox["flag-old-sent"].Body);
        Assert.Equal(SHA256.HashData(seeded["flag-old-sent"]), outbox["flag-old-sent"].BodySha256);
        Assert.Equal(seeded["flag-recent-sent"], outbox["flag-recent-sent"].Body);
        Assert.Equal(seeded["flag-old-unsent"], outbox["flag-old-unsent"].Body);
        Assert.Null(outbox["flag-old-unsent"].BodyPurgedAt);

        var entries = await Infra.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Kind == RetentionPurge.Kind).OrderBy(e => e.EntryNo).ToListAsync());
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("operator:ig-officer@partnership", e.Actor));
        Assert.All(entries, e => Assert.Equal("information-governance: retention purge", e.Purpose));
        var inboundEntry = JsonDocument.Parse(entries[0].Content).RootElement;
        var outboxEntry = JsonDocument.Parse(entries[1].Content).RootElement;
        Assert.Equal(("ingest.inbound_messages", 2, 90), (inboundEntry.GetProperty("table").GetString(), inboundEntry.GetProperty("rows").GetInt32(), inboundEntry.GetProperty("retentionDays").GetInt32()));
        Assert.Equal(("messaging.outbox", 1, 30), (outboxEntry.GetProperty("table").GetString(), outboxEntry.GetProperty("rows").GetInt32(), outboxEntry.GetProperty("retentionDays").GetInt32()));
        Assert.InRange(inboundEntry.GetProperty("cutoff").GetDateTimeOffset(), Now.AddDays(-90).AddMinutes(-5), Now.AddDays(-90).AddMinutes(5));

        await AuditSeeding.SealAllAsync(Infra);
        Assert.True((await AuditSeeding.VerifyAsync(Infra)).Valid);
    }

    [Fact]
    public async Task A_second_run_finds_nothing_more_and_records_that()
    {
        await SeedAsync();
        await PurgeAsync("--operator", "cron:nightly-retention");
        var (_, output) = await PurgeAsync("--operator", "cron:nightly-retention");

        Assert.Contains("purged 0 bodies from ingest.inbound_messages", output, StringComparison.Ordinal);
        Assert.Equal(4, await Infra.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Kind == RetentionPurge.Kind)));
    }

    [Fact]
    public async Task A_dry_run_counts_and_changes_nothing()
    {
        var seeded = await SeedAsync();
        var (exitCode, output) = await PurgeAsync("--operator", "ig-officer", "--dry-run");

        Assert.Equal(0, exitCode);
        Assert.Contains("would purge 2 bodies from ingest.inbound_messages", output, StringComparison.Ordinal);
        Assert.Equal(seeded["old-accepted"], (await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.MessageId == "old-accepted"))).Body);
        Assert.Equal(0, await Infra.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Kind == RetentionPurge.Kind)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("someone with spaces")]
    public async Task Without_a_usable_operator_name_it_refuses_and_changes_nothing(string? operatorName)
    {
        var seeded = await SeedAsync();
        var (exitCode, output) = await PurgeAsync(operatorName is null ? [] : ["--operator", operatorName]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("Usage: purge --operator NAME", output, StringComparison.Ordinal);
        Assert.Equal(seeded["old-accepted"], (await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.MessageId == "old-accepted"))).Body);
    }

    [Fact]
    public async Task A_period_shorter_than_a_day_stops_the_worker_naming_the_setting()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => Hosts.StartWorkerAsync(Infra, ("Retention:InboundBodies", "00:10:00")));
        Assert.Contains("Retention:InboundBodies must be between 1 day and 10 years", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Inbound messages and outbox rows either side of the default periods; returns each body by message id.</summary>
    private async Task<Dictionary<string, byte[]>> SeedAsync()
    {
        var bodies = new Dictionary<string, byte[]>();
        await using var db = Infra.CreateDbContext();
        void Inbound(string id, int daysAgo, InboundStatus status, bool stored = true)
        {
            var body = Encoding.UTF8.GetBytes($$"""{"resourceType":"Bundle","id":"{{id}}"}""");
            bodies[id] = body;
            db.InboundMessages.Add(new InboundMessage
            {
                Id = Guid.CreateVersion7(),
                Agency = "gp",
                MessageId = id,
                RoutingKey = "gp.fhir",
                ContentType = "application/fhir+json",
                UserId = "gp",
                ReceivedAt = Now.AddDays(-daysAgo),
                Headers = "{}",
                Body = stored ? body : [],
                Status = status,
                ErrorCode = status == InboundStatus.Rejected ? "invalid-fhir" : null,
                Error = status == InboundStatus.Rejected ? "The body is not FHIR." : null,
            });
        }

        void Outbox(string id, int daysAgo, bool sent)
        {
            var body = Encoding.UTF8.GetBytes($$"""{"resourceType":"Bundle","type":"message","id":"{{id}}"}""");
            bodies[id] = body;
            db.Outbox.Add(new OutboxMessage
            {
                Exchange = "infosharing.flags",
                RoutingKey = "health-visiting.significant-male-linked",
                MessageId = id,
                MessageType = "flag-raised",
                ContentType = "application/fhir+json",
                Body = body,
                Headers = "{}",
                CreatedAt = Now.AddDays(-daysAgo),
                SentAt = sent ? Now.AddDays(-daysAgo) : null,
            });
        }

        Inbound("old-accepted", 100, InboundStatus.Accepted);
        Inbound("old-rejected", 91, InboundStatus.Rejected);
        Inbound("just-inside", 89, InboundStatus.Accepted);
        Inbound("recent", 3, InboundStatus.Accepted);
        Inbound("too-large", 200, InboundStatus.Rejected, stored: false);
        Outbox("flag-old-sent", 31, sent: true);
        Outbox("flag-recent-sent", 29, sent: true);
        Outbox("flag-old-unsent", 60, sent: false);
        await db.SaveChangesAsync();
        return bodies;
    }

    /// <summary>Runs the command through a worker host built as Program builds it for admin commands (not started).</summary>
    private async Task<(int ExitCode, string Output)> PurgeAsync(params string[] args)
    {
        await using var host = BuildAdminHost();
        await using var output = new StringWriter();
        var exitCode = await RetentionPurge.RunCommandAsync(host.Services, args, output, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString());
    }

    private WebApplication BuildAdminHost() =>
        WorkerApp.Build(
            ["--contentRoot", Directory.CreateTempSubdirectory("infosharing-it-purge-").FullName],
            configuration => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(configuration, new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = Infra.PostgresConnectionString,
                ["ConnectionStrings:RabbitMq"] = Infra.RabbitMqUri,

                // A deployment's worker configuration names its agencies (the host's messaging is built, not started).
                ["Messaging:Agencies:midwifery:Kinds:0"] = "fhir",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
}
