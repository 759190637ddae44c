using System.Diagnostics;
using System.Globalization;
using InfoSharing.AuditBench;
using InfoSharing.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

// Usage: dotnet InfoSharing.AuditBench.dll [--entries N] [--batch B] [--writers W] [--per-writer M] [--poll-ms P]
//                                          [--verify-runs R] [--keep]
// Server from INFOSHARING_BENCH_POSTGRES (default Host=127.0.0.1;Port=5433;Username=postgres). Creates, migrates and
// (unless --keep) drops its own database, so it never touches another.
var entries = Option("--entries", 200_000);
var batch = Option("--batch", 1_000);
var writers = Option("--writers", 8);
var perWriter = Option("--per-writer", 500);
var pollMs = Option("--poll-ms", 200);
var verifyRuns = Option("--verify-runs", 3);
var server = Environment.GetEnvironmentVariable("INFOSHARING_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5433;Username=postgres";
var database = $"infosharing_auditbench_{Guid.NewGuid():N}"[..32];
var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = Math.Max(100, writers + 10) }.ConnectionString;

Print($"audit bench: {entries:N0} entries in batches of {batch:N0}; {writers} writers x {perWriter:N0} one-entry transactions; sealer polling every {pollMs} ms; database {database}");
Print($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; server fsync={await SettingAsync(server, "fsync")}, synchronous_commit={await SettingAsync(server, "synchronous_commit")}");
await ExecuteAsync(server, $"CREATE DATABASE \"{database}\"");
try
{
    await using (var db = BenchEntries.Context(connection))
    {
        await db.Database.MigrateAsync();
    }

    // 1. Many entries per transaction, one writer (a batched ingest commit), then the sealer alone catching up.
    var append = Stopwatch.StartNew();
    for (var written = 0; written < entries; written += batch)
    {
        await using var db = BenchEntries.Context(connection);
        for (var i = 0; i < Math.Min(batch, entries - written); i++)
        {
            BenchEntries.RecordLink(db);
        }

        await db.SaveChangesAsync();
    }

    append.Stop();
    Print($"append: {entries:N0} entries in {append.Elapsed.TotalSeconds:0.00} s ({entries / append.Elapsed.TotalSeconds:N0} entries/s, {batch:N0} per transaction, no chain lock)");
    var sealing = Stopwatch.StartNew();
    var sealedCount = await BenchSealer.SealAllAsync(connection);
    sealing.Stop();
    Print($"seal backlog: {sealedCount:N0} entries in {sealing.Elapsed.TotalSeconds:0.00} s ({sealedCount / sealing.Elapsed.TotalSeconds:N0} entries/s, rounds of 5,000)");

    // 2. Concurrent one-entry transactions on their own connections (as API reads write theirs), the sealer running.
    await using (var running = BenchSealer.Start(connection, TimeSpan.FromMilliseconds(pollMs)))
    {
        var concurrent = await BenchWriters.RunAsync(connection, writers, perWriter);
        Print($"concurrent append: {concurrent.Count:N0} one-entry transactions from {writers} connections in {concurrent.Elapsed.TotalSeconds:0.00} s ({concurrent.Count / concurrent.Elapsed.TotalSeconds:N0} commits/s); commit latency p50 {concurrent.CommitP50:0.0} ms, p99 {concurrent.CommitP99:0.0} ms");
        var delays = await BenchWriters.SealDelaysAsync(connection, concurrent.CommittedAt, TimeSpan.FromSeconds(60));
        Print($"sealing delay after commit ({delays.Count:N0} entries): p50 {Percentile(delays, 0.50):0} ms, p99 {Percentile(delays, 0.99):0} ms, max {delays.Max():0} ms (poll {pollMs} ms; load average {LoadAverage()})");
    }

    await using (var db = BenchEntries.Context(connection))
    {
        var size = await db.Database.SqlQuery<long>($"SELECT pg_total_relation_size('audit.entries') + pg_total_relation_size('audit.seals') AS \"Value\"").SingleAsync();
        var total = entries + (writers * perWriter);
        Print($"tables audit.entries and audit.seals with indexes: {size / 1024.0 / 1024.0:0.0} MiB ({size / (double)total:0} bytes per entry)");
    }

    for (var run = 1; run <= verifyRuns; run++)
    {
        await using var db = BenchEntries.Context(connection);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var verify = Stopwatch.StartNew();
        var result = await AuditVerifier.VerifyAsync(db, BenchSealer.Keys, TimeProvider.System, null, CancellationToken.None);
        verify.Stop();
        if (!result.Valid || result.UnsealedEntries != 0)
        {
            throw new InvalidOperationException($"Verification failed: {result}");
        }

        Print($"verify run {run}: {result.EntriesChecked:N0} entries in {verify.Elapsed.TotalSeconds:0.000} s = {verify.Elapsed.TotalSeconds * 100_000 / result.EntriesChecked:0.000} s per 100,000 entries (process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.000} s; load average {LoadAverage()})");
    }
}
finally
{
    if (!args.Contains("--keep"))
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }
}

return 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var admin = new NpgsqlConnection(connectionString);
    await admin.OpenAsync();
    await using var command = new NpgsqlCommand(sql, admin);
    await command.ExecuteNonQueryAsync();
}

static async Task<string> SettingAsync(string connectionString, string name)
{
    await using var admin = new NpgsqlConnection(connectionString);
    await admin.OpenAsync();
    await using var command = new NpgsqlCommand($"SELECT current_setting('{name}')", admin);
    return (string)(await command.ExecuteScalarAsync())!;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
