using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using InfoSharing.Worker;
using Microsoft.Extensions.Configuration;
using Npgsql;
using RabbitMQ.Client;

// Ingest throughput per feed: a throwaway database and RabbitMQ vhost, the real worker in this process, and
// messages published as agencies publish them (plain AMQP, publisher confirms). Each message names different
// people (NHS numbers rewritten), so every one is stored, matched, linked and flagged, not deduplicated.
// Usage: dotnet InfoSharing.IngestBench.dll [--messages 2000] [--feeds midwifery,health-visiting,gp,housing,marac]
var count = Option("--messages", 2000);
var feeds = (OptionText("--feeds") ?? "midwifery,health-visiting,gp,housing,marac").Split(',');
var postgres = Environment.GetEnvironmentVariable("INFOSHARING_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5433;Username=postgres";
var amqp = new Uri(Environment.GetEnvironmentVariable("INFOSHARING_BENCH_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672");
var management = new Uri(Environment.GetEnvironmentVariable("INFOSHARING_BENCH_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15672");
var root = FindRoot();
var runId = Guid.NewGuid().ToString("N")[..8];
var database = $"infosharing_bench_{runId}";
var vhost = $"infosharing-bench-{runId}";

await using (var admin = new NpgsqlConnection(postgres))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin).ExecuteNonQueryAsync();
}

using var http = new HttpClient { BaseAddress = management };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
(await http.PutAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
(await http.PutAsync(new Uri($"api/permissions/{vhost}/guest", UriKind.Relative), new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
var connectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
var amqpUri = new UriBuilder(amqp) { Path = "/" + vhost }.Uri;

var settings = new Dictionary<string, string?>
{
    ["Urls"] = "http://127.0.0.1:0",
    // The audit chain key and checkpoints, as a deployment supplies them (a key made for this run).
    ["Audit:ChainKeyId"] = "bench",
    ["Audit:ChainKeys:bench"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    ["Audit:CheckpointDirectory"] = Directory.CreateTempSubdirectory("infosharing-bench-checkpoints-").FullName,
    ["ConnectionStrings:Postgres"] = connectionString,
    ["ConnectionStrings:RabbitMq"] = amqpUri.ToString(),
    ["Logging:LogLevel:Default"] = "Warning",
    // The bench publishes as the broker's administrator on a vhost of its own, not as each agency's user.
    ["Messaging:RequireUserId"] = "false",
    ["Messaging:Agencies:midwifery:Kinds:0"] = "fhir",
    ["Messaging:Agencies:health-visiting:Kinds:0"] = "fhir",
    ["Messaging:Agencies:gp:Kinds:0"] = "fhir",
    ["Messaging:Agencies:housing:Kinds:0"] = "household",
    ["Messaging:Agencies:marac:Kinds:0"] = "case",
    ["Messaging:Subscribers:health-visiting:FlagCodes:0"] = "significant-male-linked",
};
var worker = WorkerApp.Build([], c => c.AddInMemoryCollection(settings));
await WorkerApp.MigrateAsync(worker.Services);
await worker.StartAsync();
await Task.Delay(2000);

var samples = new Dictionary<string, (string RoutingKey, string File, string ContentType, string? Type)>
{
    ["midwifery"] = ("midwifery.fhir", "contracts/examples/midwifery/booking-with-partner.json", "application/fhir+json", null),
    ["health-visiting"] = ("health-visiting.fhir", "contracts/examples/health-visiting/new-birth-visit.json", "application/fhir+json", null),
    ["gp"] = ("gp.fhir", "contracts/examples/gp/man-registration-with-indicators.json", "application/fhir+json", null),
    ["housing"] = ("housing.household", "contracts/examples/housing/household-mother-baby-non-resident-carer.json", "application/json", "housing.household-changed.v1"),
    ["marac"] = ("marac.case", "contracts/examples/marac/case-listed-victim-pregnant.json", "application/json", "marac.case-listed.v1"),
};

var connection = await new ConnectionFactory { Uri = amqpUri }.CreateConnectionAsync();
var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
Console.WriteLine($"Ingest throughput, {count} messages per feed, worker defaults (prefetch 16, 4 concurrent per queue), {Environment.ProcessorCount} cores");
Console.WriteLine("feed              bytes/msg   publish msg/s   ingest msg/s   accepted   rejected");
var serial = 0;
foreach (var feed in feeds)
{
    var (routingKey, file, contentType, type) = samples[feed];
    var template = await File.ReadAllTextAsync(Path.Combine(root, file));
    var bodies = Enumerable.Range(0, count).Select(_ => Encoding.UTF8.GetBytes(WithNewPeople(template, ref serial))).ToList();
    var published = Stopwatch.StartNew();
    var pending = new List<Task>();
    for (var i = 0; i < count; i++)
    {
        var properties = new BasicProperties { MessageId = $"{feed}-{i}", ContentType = contentType, Type = type, DeliveryMode = DeliveryModes.Persistent };
        pending.Add(channel.BasicPublishAsync("infosharing.ingest", routingKey, false, properties, bodies[i]).AsTask());
        if (pending.Count == 200)
        {
            foreach (var p in pending) { await p; }
            pending.Clear();
        }
    }

    foreach (var p in pending) { await p; }
    var publishSeconds = published.Elapsed.TotalSeconds;
    var agency = routingKey.Split('.')[0];
    long done = 0;
    while (done < count)
    {
        await Task.Delay(200);
        done = await CountAsync(connectionString, $"SELECT count(*) FROM ingest.inbound_messages WHERE agency = '{agency}'");
    }

    var seconds = published.Elapsed.TotalSeconds;
    var rejected = await CountAsync(connectionString, $"SELECT count(*) FROM ingest.inbound_messages WHERE agency = '{agency}' AND status = 'Rejected'");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{feed,-17} {bodies.Average(b => b.Length),9:F0} {count / publishSeconds,15:F0} {count / seconds,14:F0} {count - rejected,10} {rejected,10}"));
}

await worker.StopAsync();
await channel.DisposeAsync();
await connection.DisposeAsync();
NpgsqlConnection.ClearAllPools();
await using (var admin = new NpgsqlConnection(postgres))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
}

await http.DeleteAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative));

static async Task<long> CountAsync(string connectionString, string sql)
{
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    return (long)(await new NpgsqlCommand(sql, conn).ExecuteScalarAsync())!;
}

// Every NHS number in the sample becomes a fresh valid synthetic one (999 range), so each message is new people.
static string WithNewPeople(string template, ref int serial)
{
    var map = new Dictionary<string, string>(StringComparer.Ordinal);
    var result = new StringBuilder();
    var i = 0;
    while (i < template.Length)
    {
        if (i + 10 <= template.Length && template.AsSpan(i, 3).SequenceEqual("999") && template.AsSpan(i, 10).ToString().All(char.IsAsciiDigit)
            && (i + 10 == template.Length || !char.IsAsciiDigit(template[i + 10])))
        {
            var old = template.Substring(i, 10);
            if (!map.TryGetValue(old, out var fresh))
            {
                fresh = Synthetic(++serial);
                map[old] = fresh;
            }

            result.Append(fresh);
            i += 10;
        }
        else
        {
            result.Append(template[i]);
            i++;
        }
    }

    return result.ToString();
}

static string Synthetic(int index)
{
    for (var candidate = 999_200_000L + (index * 10L); ; candidate++)
    {
        var nine = candidate.ToString(CultureInfo.InvariantCulture);
        var sum = 0;
        for (var d = 0; d < 9; d++)
        {
            sum += (nine[d] - '0') * (10 - d);
        }

        var check = 11 - (sum % 11);
        check = check == 11 ? 0 : check;
        if (check != 10)
        {
            return nine + check.ToString(CultureInfo.InvariantCulture);
        }
    }
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InfoSharing.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new DirectoryNotFoundException("Run from inside the repository.");
}

int Option(string name, int fallback) => OptionText(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
