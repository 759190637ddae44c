using System.Diagnostics;
using System.Globalization;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

// Usage: dotnet InfoSharing.AuditBench.dll [--entries N] [--batch B] [--verify-runs R] [--keep]
// Server from INFOSHARING_BENCH_POSTGRES (default Host=127.0.0.1;Port=5433;Username=postgres). Creates, migrates and
// (unless --keep) drops its own database, so it never touches another.
var entries = Option("--entries", 200_000);
var batch = Option("--batch", 1_000);
var verifyRuns = Option("--verify-runs", 3);
var server = Environment.GetEnvironmentVariable("INFOSHARING_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5433;Username=postgres";
var database = $"infosharing_auditbench_{Guid.NewGuid():N}"[..32];
var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

Print($"audit bench: {entries:N0} entries in batches of {batch:N0}, {verifyRuns} verify runs; database {database}");
Print($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
await ExecuteAsync(server, $"CREATE DATABASE \"{database}\"");
try
{
    await using (var db = Context(connection))
    {
        await db.Database.MigrateAsync();
    }

    var append = Stopwatch.StartNew();
    for (var written = 0; written < entries; written += batch)
    {
        // A fresh context per batch, as a host's scope would be: the chain lock, the head read and the insert per save.
        await using var db = Context(connection);
        for (var i = 0; i < Math.Min(batch, entries - written); i++)
        {
            var relationship = Guid.CreateVersion7();
            var child = Guid.CreateVersion7();
            var person = Guid.CreateVersion7();
            var message = Guid.CreateVersion7();
            db.Record(AuditLog.RelationshipLinked, "bench:linkage", DateTimeOffset.UtcNow, [relationship, child, person, message], new
            {
                relationshipId = relationship,
                change = "linked",
                childId = child,
                personId = person,
                type = "biological-father",
                rule = "midwifery-stated-unborn-child",
                confidence = 1.0m,
                evidence = new { agency = "midwifery", inboundMessageId = message, personRecordId = Guid.CreateVersion7(), codeSystem = "http://terminology.hl7.org/CodeSystem/v3-RoleCode", code = "NFTHF" },
            });
        }

        await db.SaveChangesAsync();
    }

    append.Stop();
    Print($"append: {entries:N0} entries in {append.Elapsed.TotalSeconds:0.00} s ({entries / append.Elapsed.TotalSeconds:N0} entries/s, {batch:N0} per transaction)");

    await using (var db = Context(connection))
    {
        var size = await db.Database.SqlQuery<long>($"SELECT pg_total_relation_size('audit.entries') AS \"Value\"").SingleAsync();
        Print($"table audit.entries with indexes: {size / 1024.0 / 1024.0:0.0} MiB ({size / (double)entries:0} bytes per entry)");
    }

    for (var run = 1; run <= verifyRuns; run++)
    {
        await using var db = Context(connection);
        var verify = Stopwatch.StartNew();
        var result = await AuditChain.VerifyAsync(db, CancellationToken.None);
        verify.Stop();
        if (!result.Valid || result.EntriesChecked != entries)
        {
            throw new InvalidOperationException($"Verification failed: {result}");
        }

        Print($"verify run {run}: {result.EntriesChecked:N0} entries in {verify.Elapsed.TotalSeconds:0.000} s = {verify.Elapsed.TotalSeconds * 100_000 / entries:0.000} s per 100,000 entries (load average {LoadAverage()})");
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

static InfoSharingDbContext Context(string connectionString)
{
    var options = new DbContextOptionsBuilder<InfoSharingDbContext>();
    DataRegistration.Configure(options, connectionString);
    return new InfoSharingDbContext(options.Options);
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var admin = new NpgsqlConnection(connectionString);
    await admin.OpenAsync();
    await using var command = new NpgsqlCommand(sql, admin);
    await command.ExecuteNonQueryAsync();
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
