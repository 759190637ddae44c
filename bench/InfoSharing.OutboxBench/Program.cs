using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using InfoSharing.Worker;
using Microsoft.Extensions.Configuration;
using Npgsql;

// Outbox publishing throughput. A throwaway database and RabbitMQ vhost; N flag messages (5 subscribers per flag,
// interleaved as the flag rules write them) with their disclosures are committed to messaging.outbox before the
// worker starts; the worker then runs with ingest and the re-evaluator off, so the dispatcher is the only work.
// The time is from the first message stamped sent to the last (so host start-up is not counted); the broker's
// queue depths are checked at the end (every message arrived once: nothing consumes the flag queues).
// It uses the schema only (messaging.outbox, flags.disclosures), so it measures any version of the dispatcher.
// Usage: dotnet InfoSharing.OutboxBench.dll [--messages 20000] [--body-bytes 3500] [--set Outbox:BatchSize=500 ...]
var count = Option("--messages", 20000);
var bodyBytes = Option("--body-bytes", 3500);
var postgres = Environment.GetEnvironmentVariable("INFOSHARING_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5433;Username=postgres";
var amqp = new Uri(Environment.GetEnvironmentVariable("INFOSHARING_BENCH_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672");
var management = new Uri(Environment.GetEnvironmentVariable("INFOSHARING_BENCH_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15672");
string[] subscribers = ["health-visiting", "midwifery", "gp", "childrens-social-care", "housing"];
var flags = (count + subscribers.Length - 1) / subscribers.Length;
count = flags * subscribers.Length;
var runId = Guid.NewGuid().ToString("N")[..8];
var database = $"infosharing_outboxbench_{runId}";
var vhost = $"infosharing-outboxbench-{runId}";

await using (var admin = new NpgsqlConnection(postgres))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin).ExecuteNonQueryAsync();
}

using var http = new HttpClient { BaseAddress = management };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
(await http.PutAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative), Json("{}"))).EnsureSuccessStatusCode();
(await http.PutAsync(new Uri($"api/permissions/{vhost}/guest", UriKind.Relative), Json("""{"configure":".*","write":".*","read":".*"}"""))).EnsureSuccessStatusCode();
var connectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
var amqpUri = new UriBuilder(amqp) { Path = "/" + vhost }.Uri;

var settings = new Dictionary<string, string?>
{
    ["Urls"] = "http://127.0.0.1:0",
    ["ConnectionStrings:Postgres"] = connectionString,
    ["ConnectionStrings:RabbitMq"] = amqpUri.ToString(),
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
    ["Messaging:ConsumeIngest"] = "false",
    ["Flags:Enabled"] = "false",
    ["Messaging:Agencies:midwifery:Kinds:0"] = "fhir",
};
foreach (var subscriber in subscribers)
{
    settings[$"Messaging:Subscribers:{subscriber}:Fields:0"] = "man.name";
}

foreach (var set in Options("--set"))
{
    var eq = set.IndexOf('=', StringComparison.Ordinal);
    settings[set[..eq]] = set[(eq + 1)..];
}

var worker = WorkerApp.Build([], c => c.AddInMemoryCollection(settings));
await WorkerApp.MigrateAsync(worker.Services);
await SeedAsync(connectionString, flags, subscribers, bodyBytes);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Outbox throughput: {count} messages ({flags} flags x {subscribers.Length} subscribers, {bodyBytes} B bodies), {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
var outboxSettings = settings.Where(s => s.Key.StartsWith("Outbox:", StringComparison.Ordinal)).Select(s => $"{s.Key}={s.Value}").ToList();
Console.WriteLine($"settings: {(outboxSettings.Count == 0 ? "worker defaults" : string.Join(' ', outboxSettings))}");
var wall = Stopwatch.StartNew();
await worker.StartAsync();
long sent = 0;
var deadline = TimeSpan.FromMinutes(30);
while (sent < count && wall.Elapsed < deadline)
{
    await Task.Delay(250);
    sent = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM messaging.outbox WHERE sent_at IS NOT NULL");
}

var wallSeconds = wall.Elapsed.TotalSeconds;
var (first, last) = await SentSpanAsync(connectionString);
var disclosed = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM flags.disclosures WHERE sent_at IS NOT NULL");
var audited = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM audit.entries WHERE kind = 'disclosure'");
await worker.StopAsync();
var queued = 0L;
await using (var broker = await new RabbitMQ.Client.ConnectionFactory { Uri = amqpUri }.CreateConnectionAsync())
await using (var probe = await broker.CreateChannelAsync())
{
    foreach (var subscriber in subscribers)
    {
        queued += (await probe.QueueDeclarePassiveAsync($"flags.{subscriber}")).MessageCount;
    }
}

var span = (last - first).TotalSeconds;
Console.WriteLine("messages   sent   disclosed   audited   in queues   first->last s   msg/s   wall s (with start-up)");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{count,8} {sent,6} {disclosed,11} {audited,9} {queued,11} {span,15:F2} {(sent - 1) / Math.Max(span, 0.001),7:F0} {wallSeconds,8:F1}"));

NpgsqlConnection.ClearAllPools();
await using (var admin = new NpgsqlConnection(postgres))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
}

await http.DeleteAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative));
return sent == count && queued >= count ? 0 : 1;

static async Task SeedAsync(string connectionString, int flags, string[] subscribers, int bodyBytes)
{
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    var body = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"type\":\"message\",\"padding\":\"" + new string('x', Math.Max(0, bodyBytes - 60)) + "\"}");
    await using var cmd = new NpgsqlCommand("""
        INSERT INTO linkage.children (id, created_at) SELECT md5('c' || g)::uuid, now() FROM generate_series(1, @flags) g;
        INSERT INTO flags.flags (id, code, child_id, status, version, raised_at, updated_at)
          SELECT md5('f' || g)::uuid, 'significant-male-linked', md5('c' || g)::uuid, 'active', 1, now(), now() FROM generate_series(1, @flags) g;
        INSERT INTO messaging.outbox (exchange, routing_key, message_id, message_type, content_type, body, headers, created_at, attempts)
          SELECT 'infosharing.flags', s || '.significant-male-linked', 'flag-' || md5('f' || g) || '-v1-' || s, 'flag-raised',
                 'application/fhir+json', @body, '{}'::jsonb, now(), 0
          FROM generate_series(1, @flags) g, unnest(@subscribers) WITH ORDINALITY AS u(s, n) ORDER BY g, n;
        INSERT INTO flags.disclosures (id, flag_id, flag_version, subscriber, message_id, queued_at)
          SELECT gen_random_uuid(), md5('f' || g)::uuid, 1, s, 'flag-' || md5('f' || g) || '-v1-' || s, now()
          FROM generate_series(1, @flags) g, unnest(@subscribers) AS u(s);
        """, conn);
    cmd.Parameters.AddWithValue("flags", flags);
    cmd.Parameters.AddWithValue("subscribers", subscribers);
    cmd.Parameters.AddWithValue("body", body);
    cmd.CommandTimeout = 600;
    await cmd.ExecuteNonQueryAsync();
}

static async Task<T> ScalarAsync<T>(string connectionString, string sql)
{
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    return (T)(await new NpgsqlCommand(sql, conn).ExecuteScalarAsync())!;
}

static async Task<(DateTime First, DateTime Last)> SentSpanAsync(string connectionString)
{
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    await using var reader = await new NpgsqlCommand("SELECT min(sent_at), max(sent_at) FROM messaging.outbox", conn).ExecuteReaderAsync();
    await reader.ReadAsync();
    return (reader.IsDBNull(0) ? default : reader.GetDateTime(0), reader.IsDBNull(1) ? default : reader.GetDateTime(1));
}

static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

int Option(string name, int fallback) => OptionText(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

IEnumerable<string> Options(string name)
{
    for (var i = 0; i < args.Length - 1; i++)
    {
        if (args[i] == name)
        {
            yield return args[i + 1];
        }
    }
}
