using System.Globalization;
using System.Text.RegularExpressions;
using InfoSharing.Contracts;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Features.Retention;

/// <summary>
/// The <c>purge</c> command: empties the raw bodies older than the retention periods, keeping each row, its
/// metadata and the body's SHA-256, and records each table's purge in the audit log in the same transaction (who ran
/// it, the cut-off, how many rows). Rows still to be processed or sent are never touched.
/// </summary>
public static partial class RetentionPurge
{
    public const string Command = "purge";

    public const string Kind = "retention-purge";

    /// <summary>What one table's purge did (or, in a dry run, would do).</summary>
    public sealed record Result(string Table, DateTimeOffset Cutoff, TimeSpan Retention, int Rows);

    /// <summary>
    /// `purge --operator NAME [--dry-run]`: exit 0 when done, 2 on a usage error. The operator (a person's login or a
    /// job's name, e.g. cron:nightly-retention) is recorded with the OS user and host.
    /// </summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var operatorName = Argument(args, "--operator");
        if (operatorName is null || !OperatorPattern().IsMatch(operatorName))
        {
            await output.WriteLineAsync("Usage: purge --operator NAME [--dry-run]. NAME (1 to 100 of A-Z a-z 0-9 . _ @ : -) is who runs the purge, recorded in the audit log.");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<RetentionOptions>>().Value;
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var dryRun = args.Contains("--dry-run");
        var results = await PurgeAsync(db, options, time, operatorName, dryRun, cancellationToken);
        foreach (var result in results)
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{(dryRun ? "would purge" : "purged")} {result.Rows} bodies from {result.Table} older than {result.Cutoff:O} (kept {result.Retention.TotalDays:0} days){(dryRun ? string.Empty : "; recorded in the audit log")}"));
        }

        return 0;
    }

    /// <summary>Purges each table in its own transaction with its audit entry; a dry run counts and changes nothing.</summary>
    public static async Task<IReadOnlyList<Result>> PurgeAsync(
        InfoSharingDbContext db, RetentionOptions options, TimeProvider time, string operatorName, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var inboundCutoff = now - options.InboundBodies;
        var outboxCutoff = now - options.OutboxPayloads;

        // Only finished rows: an inbound message is stored once processed (accepted or rejected); an outbox row once sent.
        var inbound = new Purge(
            "ingest.inbound_messages",
            options.InboundBodies,
            inboundCutoff,
            db.Database.SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM ingest.inbound_messages
                WHERE body_purged_at IS NULL AND received_at < {inboundCutoff} AND octet_length(body) > 0 AND status IN ('Accepted', 'Rejected')
                """),
            token => db.Database.ExecuteSqlAsync($"""
                UPDATE ingest.inbound_messages SET body_sha256 = sha256(body), body = '\x', body_purged_at = {now}
                WHERE body_purged_at IS NULL AND received_at < {inboundCutoff} AND octet_length(body) > 0 AND status IN ('Accepted', 'Rejected')
                """, token));
        var outbox = new Purge(
            "messaging.outbox",
            options.OutboxPayloads,
            outboxCutoff,
            db.Database.SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM messaging.outbox
                WHERE body_purged_at IS NULL AND sent_at IS NOT NULL AND sent_at < {outboxCutoff} AND octet_length(body) > 0
                """),
            token => db.Database.ExecuteSqlAsync($"""
                UPDATE messaging.outbox SET body_sha256 = sha256(body), body = '\x', body_purged_at = {now}
                WHERE body_purged_at IS NULL AND sent_at IS NOT NULL AND sent_at < {outboxCutoff} AND octet_length(body) > 0
                """, token));

        var results = new List<Result>();
        foreach (var purge in new[] { inbound, outbox })
        {
            if (dryRun)
            {
                results.Add(new Result(purge.Table, purge.Cutoff, purge.Retention, await purge.Count.SingleAsync(cancellationToken)));
                continue;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = await purge.Run(cancellationToken);
            db.Record(
                Kind,
                $"operator:{operatorName}",
                now,
                [],
                new
                {
                    table = purge.Table,
                    column = "body",
                    kept = "body_sha256",
                    cutoff = purge.Cutoff,
                    retentionDays = purge.Retention.TotalDays,
                    rows,
                    osUser = Environment.UserName,
                    host = Environment.MachineName,
                },
                purpose: $"{PurposesOfUse.InformationGovernance}: retention purge");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            results.Add(new Result(purge.Table, purge.Cutoff, purge.Retention, rows));
        }

        return results;
    }

    /// <summary>The value after <paramref name="name"/> in an admin command's arguments, or null.</summary>
    internal static string? Argument(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    /// <summary>An operator's or a job's name as admin commands record it in the audit log.</summary>
    [GeneratedRegex("^[A-Za-z0-9._@:-]{1,100}$")]
    internal static partial Regex OperatorPattern();

    private sealed record Purge(string Table, TimeSpan Retention, DateTimeOffset Cutoff, IQueryable<int> Count, Func<CancellationToken, Task<int>> Run);
}
