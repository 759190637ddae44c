using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using InfoSharing.Worker;
using Microsoft.Extensions.Configuration;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

// Flag latency: a throwaway database and vhost, the real worker in this process, and per run one scenario for new
// synthetic people: midwifery books a mother naming the father (wait for significant-male-linked), then his GP
// registers him with a mental-health indicator; the time measured is from the GP message's publisher confirm
// request to linked-male-mental-health arriving on flags.health-visiting (a push consumer, timestamps on receipt).
// Usage: dotnet InfoSharing.FlagLatencyBench.dll [--latency 200] [--poll-ms N (Outbox:PollInterval; worker default if absent)]
var runs = Option("--latency", 200);
var pollMs = OptionText("--poll-ms");
var postgres = Environment.GetEnvironmentVariable("INFOSHARING_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=5433;Username=postgres";
var amqp = new Uri(Environment.GetEnvironmentVariable("INFOSHARING_BENCH_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672");
var management = new Uri(Environment.GetEnvironmentVariable("INFOSHARING_BENCH_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15672");
var root = FindRoot();
var runId = Guid.NewGuid().ToString("N")[..8];
var database = $"infosharing_latency_{runId}";
var vhost = $"infosharing-latency-{runId}";

await using (var admin = new NpgsqlConnection(postgres))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin).ExecuteNonQueryAsync();
}

using var http = new HttpClient { BaseAddress = management };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
(await http.PutAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
(await http.PutAsync(new Uri($"api/permissions/{vhost}/guest", UriKind.Relative), new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
var amqpUri = new UriBuilder(amqp) { Path = "/" + vhost }.Uri;

var settings = new Dictionary<string, string?>
{
    ["Urls"] = "http://127.0.0.1:0",
    // The audit chain key and checkpoints, as a deployment supplies them (a key made for this run).
    ["Audit:ChainKeyId"] = "bench",
    ["Audit:ChainKeys:bench"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    ["Audit:CheckpointDirectory"] = Directory.CreateTempSubdirectory("infosharing-bench-checkpoints-").FullName,
    ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString,
    ["ConnectionStrings:RabbitMq"] = amqpUri.ToString(),
    ["Logging:LogLevel:Default"] = "Warning",
    // The bench publishes as the broker's administrator on a vhost of its own, not as each agency's user.
    ["Messaging:RequireUserId"] = "false",
    ["Messaging:Agencies:midwifery:Kinds:0"] = "fhir",
    ["Messaging:Agencies:gp:Kinds:0"] = "fhir",
    ["Messaging:Subscribers:health-visiting:FlagCodes:0"] = "significant-male-linked",
    ["Messaging:Subscribers:health-visiting:FlagCodes:1"] = "linked-male-mental-health",
};
if (pollMs is not null)
{
    settings["Outbox:PollInterval"] = TimeSpan.FromMilliseconds(int.Parse(pollMs, CultureInfo.InvariantCulture)).ToString("c", CultureInfo.InvariantCulture);
}

var worker = WorkerApp.Build(["--contentRoot", Directory.CreateTempSubdirectory("infosharing-latency-").FullName], c => c.AddInMemoryCollection(settings));
await WorkerApp.MigrateAsync(worker.Services);
await worker.StartAsync();
await Task.Delay(2000);

var connection = await new ConnectionFactory { Uri = amqpUri }.CreateConnectionAsync();
var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
var arrivals = Channel.CreateUnbounded<(string Code, long At)>();
var consumerChannel = await connection.CreateChannelAsync();
var consumer = new AsyncEventingBasicConsumer(consumerChannel);
consumer.ReceivedAsync += (_, delivery) =>
{
    var at = Stopwatch.GetTimestamp();
    var code = delivery.RoutingKey[(delivery.RoutingKey.IndexOf('.', StringComparison.Ordinal) + 1)..];
    arrivals.Writer.TryWrite((code, at));
    return Task.CompletedTask;
};
await consumerChannel.BasicConsumeAsync("flags.health-visiting", autoAck: true, consumer);

var booking = await File.ReadAllTextAsync(Path.Combine(root, "contracts/examples/midwifery/booking-with-partner.json"));
var gp = await File.ReadAllTextAsync(Path.Combine(root, "contracts/examples/gp/man-registration-with-indicators.json"));
var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
var latencies = new List<double>(runs);
for (var i = 0; i < runs + 5; i++)
{
    var mother = SyntheticNhs(2 * i);
    var father = SyntheticNhs((2 * i) + 1);
    await PublishAsync("midwifery.fhir", Booking(booking, mother, father), $"booking-{i}");
    await WaitForAsync("significant-male-linked");
    var gpBody = Encoding.UTF8.GetBytes(gp.Replace("9990000026", father, StringComparison.Ordinal).Replace("2026-11-27T12:00:00Z", today + "T00:00:00Z", StringComparison.Ordinal));
    var started = Stopwatch.GetTimestamp();
    await PublishAsync("gp.fhir", gpBody, $"gp-{i}");
    var arrived = await WaitForAsync("linked-male-mental-health");
    if (i >= 5)
    {
        latencies.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds);
    }
}

latencies.Sort();
double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
Console.WriteLine($"Flag latency, GP mental-health record -> linked-male-mental-health on flags.health-visiting: {runs} runs (5 warm-up not counted), "
    + $"Outbox:PollInterval {(pollMs is null ? "worker default" : pollMs + " ms")}, {Environment.ProcessorCount} cores");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"median {Percentile(0.5):F0} ms   p99 {Percentile(0.99):F0} ms   min {latencies[0]:F0} ms   max {latencies[^1]:F0} ms"));

await consumerChannel.DisposeAsync();
await channel.DisposeAsync();
await connection.DisposeAsync();
await worker.StopAsync();
await worker.DisposeAsync();
NpgsqlConnection.ClearAllPools();
await using (var admin = new NpgsqlConnection(postgres))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
}

await http.DeleteAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative));
return;

async Task PublishAsync(string routingKey, byte[] body, string messageId)
{
    var properties = new BasicProperties
    {
        MessageId = messageId,
        ContentType = "application/fhir+json",
        DeliveryMode = DeliveryModes.Persistent,
        Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
    };
    await channel.BasicPublishAsync("infosharing.ingest", routingKey, false, properties, body);
}

async Task<long> WaitForAsync(string code)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    while (true)
    {
        var (received, at) = await arrivals.Reader.ReadAsync(timeout.Token);
        if (received == code)
        {
            return at;
        }
    }
}

static byte[] Booking(string template, string motherNhs, string fatherNhs)
{
    var node = JsonNode.Parse(template)!;
    foreach (var entry in node["entry"]!.AsArray())
    {
        var resource = entry!["resource"]!;
        switch (resource["resourceType"]!.GetValue<string>())
        {
            case "Patient":
                resource["identifier"]![0]!["value"] = motherNhs;
                break;
            case "RelatedPerson":
                resource["identifier"]![0]!["value"] = fatherNhs;
                break;
        }
    }

    return Encoding.UTF8.GetBytes(node.ToJsonString());
}

// Synthetic NHS numbers: the never-issued 999 range with a valid mod-11 check digit.
static string SyntheticNhs(int index)
{
    for (var candidate = 999_300_000L + (index * 10L); ; candidate++)
    {
        var nine = candidate.ToString(CultureInfo.InvariantCulture);
        var sum = 0;
        for (var d = 0; d < 9; d++)
        {
            sum += (nine[d] - '0') * (10 - d);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        if (check != 10)
        {
            return nine + check.ToString(CultureInfo.InvariantCulture);
        }
    }
}

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InfoSharing.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new DirectoryNotFoundException("Repository root not found.");
}
