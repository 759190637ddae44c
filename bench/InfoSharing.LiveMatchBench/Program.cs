using System.Diagnostics;
using System.Globalization;
using InfoSharing.Benchmarks.Synthetic;
using InfoSharing.Data;
using InfoSharing.Data.Ingest;
using InfoSharing.Domain.People;
using InfoSharing.Matching;
using InfoSharing.Matching.Live;
using InfoSharing.Matching.Model;
using InfoSharing.Worker;
using InfoSharing.Worker.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

// Live person-index latency at scale (issue 4): a throwaway database, N synthetic persons (one record each) bulk
// loaded with binary COPY exactly as PersonIndex would have stored them as new people, then M single live matches
// through the real PersonIndex.ResolveAsync (a scope and a transaction each, rolled back so the index stays at N).
// Queries are further records of loaded people (the generator's duplicates: typos, nicknames, moves, swapped dates...)
// and brand-new people.
// Usage: dotnet InfoSharing.LiveMatchBench.dll [--persons 1000000] [--queries 2000] [--new-percent 20] [--seed 1] [--keep]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var persons = Option("--persons", 1_000_000);
var queries = Option("--queries", 2_000);
var newShare = Option("--new-percent", 20) / 100.0;
var seed = Option("--seed", 1);
var keep = args.Contains("--keep");
var postgres = Environment.GetEnvironmentVariable("INFOSHARING_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5433;Username=postgres";
var database = $"infosharing_livebench_{Guid.NewGuid().ToString("N")[..8]}";
var connectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;

await ExecuteAsync(postgres, $"CREATE DATABASE \"{database}\"");
try
{
    var settings = new Dictionary<string, string?>
    {
        // The audit chain key and checkpoints, as a deployment supplies them (a key made for this run).
        ["Audit:ChainKeyId"] = "bench",
        ["Audit:ChainKeys:bench"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Audit:CheckpointDirectory"] = Directory.CreateTempSubdirectory("infosharing-bench-checkpoints-").FullName,
        ["ConnectionStrings:Postgres"] = connectionString,
        ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:5672",
        ["Logging:LogLevel:Default"] = "Warning",

        // The migrator's probe of a not yet created history table logs an error; failures still throw.
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
    };
    var worker = WorkerApp.Build([], c => c.AddInMemoryCollection(settings));
    await WorkerApp.MigrateAsync(worker.Services);
    var index = worker.Services.GetRequiredService<PersonIndex>();
    var matcher = worker.Services.GetRequiredService<LiveMatcher>().Matcher;

    // The population: the first record of each of `persons` people is loaded; the generator's further records of
    // them (its duplicates, with its errors) are the match queries; new people come from another seed.
    var newQueries = (int)Math.Round(queries * newShare);
    var duplicateQueries = queries - newQueries;
    var clock = Stopwatch.StartNew();
    var total = persons + duplicateQueries;
    var generated = SyntheticPopulation.Generate(total, seed, new SyntheticOptions { DuplicateShare = (double)duplicateQueries / total });
    var firsts = new PersonRecord?[persons + 1];
    var duplicates = new List<SyntheticRecord>(duplicateQueries);
    foreach (var r in generated)
    {
        var n = int.Parse(r.Record.Id.AsSpan(4), CultureInfo.InvariantCulture);
        if (n == r.Person && r.Person < firsts.Length)
        {
            firsts[r.Person] = r.Record;
        }
        else
        {
            duplicates.Add(r);
        }
    }

    generated = null;
    var loaded = firsts.Count(f => f is not null);
    Console.WriteLine($"Generated {loaded:N0} persons and {duplicates.Count:N0} duplicate queries in {clock.Elapsed.TotalSeconds:F1} s");

    // One synthetic inbound message every loaded record (and every query record) points to.
    var source = new InboundMessage
    {
        Id = Guid.CreateVersion7(),
        Agency = "bench",
        MessageId = "live-match-bench",
        RoutingKey = "bench.person",
        ContentType = "application/json",
        ReceivedAt = DateTimeOffset.UtcNow,
        Headers = "{}",
        Body = "{}"u8.ToArray(),
        Status = InboundStatus.Accepted,
    };
    await using (var scope = worker.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        db.InboundMessages.Add(source);
        await db.SaveChangesAsync();
    }

    clock.Restart();
    var personOf = new Guid[firsts.Length];
    var keyRows = await LoadAsync(connectionString, firsts, personOf, source, matcher);
    var loadSeconds = clock.Elapsed.TotalSeconds;
    clock.Restart();
    foreach (var table in new[] { "person.persons", "person.person_records", "person.blocking_keys" })
    {
        await ExecuteAsync(connectionString, $"VACUUM ANALYZE {table}");
    }

    var analyzeSeconds = clock.Elapsed.TotalSeconds;
    var dbSize = await ScalarAsync<long>(connectionString, "SELECT pg_database_size(current_database())");
    var sharedBuffers = await ScalarAsync<string>(connectionString, "SHOW shared_buffers");
    var sizes = await ScalarAsync<string>(connectionString, """
        SELECT string_agg(format('%s %s', c.relname, pg_size_pretty(pg_total_relation_size(c.oid))), ', ' ORDER BY c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'person' AND c.relname IN ('persons', 'person_records', 'blocking_keys')
        """);
    Console.WriteLine($"Loaded {loaded:N0} persons, {loaded:N0} records, {keyRows:N0} blocking keys in {loadSeconds:F1} s (binary COPY), VACUUM ANALYZE {analyzeSeconds:F1} s");
    Console.WriteLine($"Database size {dbSize / 1024.0 / 1024.0:F0} MB ({sizes}); shared_buffers {sharedBuffers}");

    // The queries, shuffled: duplicates of loaded people, and new people (their NHS numbers dropped: the other seed
    // hands out the same 999 range, which would make them someone else by NHS number).
    var fresh = SyntheticPopulation.Generate(newQueries, seed + 7919, new SyntheticOptions { DuplicateShare = 0 })
        .Select(r => (Details: ToDetails(r.Record with { NhsNumber = null }), Person: -1));
    var work = duplicates.Select(r => (Details: ToDetails(r.Record), r.Person)).Concat(fresh).ToArray();
    new Random(seed).Shuffle(work);
    firsts = null;
    duplicates = null;
    GC.Collect();

    // Warm-up (JIT, connection pool, plan cache), not counted: queries from the same mix, rolled back too.
    for (var i = 0; i < Math.Min(100, work.Length); i++)
    {
        await ResolveAsync(worker.Services, index, source, work[i].Details);
    }

    var resolveMs = new List<double>(work.Length);
    var totalMs = new List<double>(work.Length);
    var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
    int rightJoins = 0, wrongJoins = 0, missed = 0, newJoined = 0;
    clock.Restart();
    foreach (var (details, truth) in work)
    {
        var (resolved, resolveElapsed, totalElapsed) = await ResolveAsync(worker.Services, index, source, details);
        resolveMs.Add(resolveElapsed);
        totalMs.Add(totalElapsed);
        var key = $"{resolved.Record.LinkRule}/{resolved.Record.MatchDecision}";
        outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        var joined = resolved.Record.LinkRule != PersonIndex.NewPersonRule;
        if (truth < 0)
        {
            newJoined += joined ? 1 : 0;
        }
        else if (joined)
        {
            _ = resolved.Person.Id == personOf[truth] ? rightJoins++ : wrongJoins++;
        }
        else
        {
            missed++;
        }
    }

    var wall = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{work.Length:N0} live matches ({work.Length - newQueries:N0} duplicates of loaded persons, {newQueries:N0} new people) in {wall:F1} s, one at a time");
    Console.WriteLine("                                   p50      p95      p99      max   (ms)");
    Console.WriteLine($"BEGIN + ResolveAsync          {Percentiles(resolveMs)}");
    Console.WriteLine($"  + SaveChanges (the insert)  {Percentiles(totalMs)}");
    var match = outcomes.Where(o => o.Key.EndsWith("/match", StringComparison.Ordinal)).Sum(o => o.Value);
    var review = outcomes.Where(o => o.Key.EndsWith("/possible-match", StringComparison.Ordinal)).Sum(o => o.Value);
    var created = outcomes.Where(o => o.Key.StartsWith(PersonIndex.NewPersonRule + "/no-match", StringComparison.Ordinal)).Sum(o => o.Value);
    Console.WriteLine($"Outcomes: match {match}, new {created}, review {review}  ({string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))})");
    Console.WriteLine($"Duplicates: joined the right person {rightJoins}, a wrong person {wrongJoins}, not joined {missed}; new people joined to someone {newJoined}");
    // Where the time goes: the same queries again, the candidate query (CandidateLoader.LoadAsync, one round trip)
    // and the scoring (PersonMatcher.Match) timed on their own, outside any transaction.
    var loadMs = new List<double>(work.Length);
    var scoreMs = new List<double>(work.Length);
    var candidateCounts = new List<double>(work.Length);
    var options = worker.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PersonIndexOptions>>().Value;
    await using (var scope = worker.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await db.Database.OpenConnectionAsync();
        foreach (var (details, _) in work)
        {
            var incoming = PreparedPerson.Prepare(InfoSharing.Matching.PersonRecord.From(details, Guid.CreateVersion7().ToString()));
            var watch = Stopwatch.StartNew();
            var found = await CandidateLoader.LoadAsync(db, incoming, source.Agency, details.LocalId, options.MaxRecordsPerKey, CancellationToken.None);
            loadMs.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            _ = matcher.Match(incoming, found.Candidates);
            scoreMs.Add(watch.Elapsed.TotalMilliseconds);
            candidateCounts.Add(found.Candidates.Count);
        }
    }

    Console.WriteLine($"  CandidateLoader.LoadAsync   {Percentiles(loadMs)}");
    Console.WriteLine($"  PersonMatcher.Match         {Percentiles(scoreMs)}");
    Console.WriteLine($"  candidate records per query {Percentiles(candidateCounts)}  (count, not ms)");
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    GC.Collect();
    Console.WriteLine($"Process: peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MB (includes generating and loading), working set after the queries {process.WorkingSet64 / 1024.0 / 1024.0:F0} MB, managed heap {GC.GetTotalMemory(false) / 1024.0 / 1024.0:F0} MB");
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores");
    GC.KeepAlive(personOf);
}
finally
{
    NpgsqlConnection.ClearAllPools();
    if (!keep)
    {
        await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }
    else
    {
        Console.WriteLine($"Kept database {database}");
    }
}

// One live match as the worker does it: a scope, a transaction, ResolveAsync, SaveChanges; then rolled back.
static async Task<(ResolvedPerson Resolved, double ResolveMs, double TotalMs)> ResolveAsync(
    IServiceProvider services, PersonIndex index, InboundMessage source, PersonDetails details)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
    var watch = Stopwatch.StartNew();
    await using var transaction = await db.Database.BeginTransactionAsync();
    var resolved = await index.ResolveAsync(db, source, details, "subject", CancellationToken.None);
    var resolveMs = watch.Elapsed.TotalMilliseconds;
    await db.SaveChangesAsync();
    var totalMs = watch.Elapsed.TotalMilliseconds;
    await transaction.RollbackAsync();
    return (resolved, resolveMs, totalMs);
}

// Writes persons, records and keys in one pass over three COPY streams (FK triggers off for the load, as pg_restore
// does: the rows are consistent by construction). Every column is what PersonIndex.ResolveAsync stores for a record
// that found no candidate: the same PreparedPerson, RecordKeys.Stored and matcher result.
static async Task<long> LoadAsync(string connectionString, PersonRecord?[] firsts, Guid[] personOf, InboundMessage source, PersonMatcher matcher)
{
    var connections = new List<NpgsqlConnection>();
    for (var i = 0; i < 3; i++)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("SET session_replication_role = replica", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        connections.Add(connection);
    }

    long keyRows = 0;
    var now = DateTimeOffset.UtcNow;
    var persons = await connections[0].BeginBinaryImportAsync(
        "COPY person.persons (id, nhs_number, created_at, merged_into_person_id) FROM STDIN (FORMAT BINARY)");
    var records = await connections[1].BeginBinaryImportAsync("""
        COPY person.person_records (id, person_id, inbound_message_id, agency, role, local_id, nhs_number, nhs_number_valid,
            given_name, family_name, birth_date, sex, postcode, link_rule, link_confidence, match_decision, match_rule,
            match_weight, match_contributions, blocking_rule, model_version, created_at) FROM STDIN (FORMAT BINARY)
        """);
    var keys = await connections[2].BeginBinaryImportAsync(
        "COPY person.blocking_keys (rule, key, person_record_id) FROM STDIN (FORMAT BINARY)");
    for (var p = 0; p < firsts.Length; p++)
    {
        if (firsts[p] is not { } first)
        {
            continue;
        }

        var details = ToDetails(first);
        var personId = Guid.CreateVersion7();
        var recordId = Guid.CreateVersion7();
        personOf[p] = personId;
        var incoming = PreparedPerson.Prepare(InfoSharing.Matching.PersonRecord.From(details, recordId.ToString()));
        var result = matcher.Match(incoming, []);

        await persons.StartRowAsync();
        await persons.WriteAsync(personId, NpgsqlDbType.Uuid);
        await WriteAsync(persons, details.TrustedNhsNumber, NpgsqlDbType.Text);
        await persons.WriteAsync(now, NpgsqlDbType.TimestampTz);
        await persons.WriteNullAsync();

        await records.StartRowAsync();
        await records.WriteAsync(recordId, NpgsqlDbType.Uuid);
        await records.WriteAsync(personId, NpgsqlDbType.Uuid);
        await records.WriteAsync(source.Id, NpgsqlDbType.Uuid);
        await records.WriteAsync(source.Agency, NpgsqlDbType.Text);
        await records.WriteAsync("subject", NpgsqlDbType.Text);
        await WriteAsync(records, details.LocalId, NpgsqlDbType.Text);
        await WriteAsync(records, details.NhsNumber?.Value, NpgsqlDbType.Text);
        await records.WriteAsync(details.NhsNumber?.IsValid ?? false, NpgsqlDbType.Boolean);
        await WriteAsync(records, details.GivenName, NpgsqlDbType.Text);
        await WriteAsync(records, details.FamilyName, NpgsqlDbType.Text);
        if (details.BirthDate is { } birthDate)
        {
            await records.WriteAsync(birthDate, NpgsqlDbType.Date);
        }
        else
        {
            await records.WriteNullAsync();
        }

        await records.WriteAsync(details.Sex.ToString(), NpgsqlDbType.Text);
        await WriteAsync(records, details.Postcode, NpgsqlDbType.Text);
        await records.WriteAsync(PersonIndex.NewPersonRule, NpgsqlDbType.Text);
        await records.WriteAsync(1m, NpgsqlDbType.Numeric);
        await records.WriteAsync(Code(result.Decision), NpgsqlDbType.Text);
        await records.WriteAsync(result.Rule, NpgsqlDbType.Text);
        await records.WriteNullAsync();
        await records.WriteNullAsync();
        await records.WriteNullAsync();
        await records.WriteAsync(result.ModelVersion, NpgsqlDbType.Text);
        await records.WriteAsync(now, NpgsqlDbType.TimestampTz);

        foreach (var key in RecordKeys.Stored(recordId, incoming))
        {
            await keys.StartRowAsync();
            await keys.WriteAsync(key.Rule, NpgsqlDbType.Text);
            await keys.WriteAsync(key.Key, NpgsqlDbType.Text);
            await keys.WriteAsync(key.PersonRecordId, NpgsqlDbType.Uuid);
            keyRows++;
        }
    }

    foreach (var importer in new[] { persons, records, keys })
    {
        await importer.CompleteAsync();
        await importer.DisposeAsync();
    }

    foreach (var connection in connections)
    {
        await connection.DisposeAsync();
    }

    return keyRows;
}

static async Task WriteAsync(NpgsqlBinaryImporter importer, string? value, NpgsqlDbType type)
{
    if (value is null)
    {
        await importer.WriteNullAsync();
    }
    else
    {
        await importer.WriteAsync(value, type);
    }
}

// As PersonIndex codes a decision.
static string Code(MatchDecision decision) => decision switch
{
    MatchDecision.Match => "match",
    MatchDecision.PossibleMatch => "possible-match",
    _ => "no-match",
};

// What an agency reader hands the index for a synthetic record: a date it could parse, the sex, the raw rest.
static PersonDetails ToDetails(PersonRecord record) => new()
{
    LocalId = record.Id,
    NhsNumber = record.NhsNumber is null ? null : NhsNumber.Parse(record.NhsNumber),
    GivenName = record.GivenName,
    FamilyName = record.FamilyName,
    BirthDate = DateOnly.TryParseExact(record.BirthDate, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
    Sex = record.Sex switch
    {
        "female" => AdministrativeSex.Female,
        "male" => AdministrativeSex.Male,
        _ => AdministrativeSex.Unknown,
    },
    Postcode = record.Postcode,
};

static string Percentiles(List<double> values)
{
    var sorted = values.Order().ToArray();
    double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    return string.Create(CultureInfo.InvariantCulture, $"{At(0.50),8:F2} {At(0.95),8:F2} {At(0.99),8:F2} {sorted[^1],8:F2}");
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
    await command.ExecuteNonQueryAsync();
}

static async Task<T> ScalarAsync<T>(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return (T)(await command.ExecuteScalarAsync())!;
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
