using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

// End-to-end pipeline benchmark (issue 11). A throwaway database and RabbitMQ vhost; the worker as its own process
// (any build: this branch's or an older one, --worker); an agency publisher on plain AMQP (RabbitMQ.Client, publisher
// confirms, no MassTransit); flags read from flags.health-visiting. Every message names new synthetic people (999
// NHS numbers, names, birth dates and postcodes rewritten), so each is stored, matched, linked and flagged.
//
//   raw ceiling   the same booking bodies drained from a queue of the same broker by a consumer that only acks
//   saturation    N bookings published at once; time from the first publish to the last flag on flags.health-visiting
//   latency       bookings offered at a fixed rate; push-to-flag time per booking (p50, p99)
//   per feed      N messages of one feed; time until every one is stored and the flags stage and outbox are idle
//   mix           the same for a realistic mix of the five feeds
//   backfill      a GP-style history of --history-records lines through the worker's `load` command (not in the default phases)
// Before the measured phases, --warmup bookings (default 1,000) go through the worker unmeasured: a worker runs for days,
// and in a fresh process the first tens of seconds are spent compiling (tiered JIT), not working.
// Each figure is printed with the load average, the worker's and PostgreSQL's CPU and the worker's memory.
var postgres = OptionText("--postgres") ?? "Host=127.0.0.1;Port=5446;Username=postgres";
var amqp = new Uri(OptionText("--rabbitmq") ?? "amqp://guest:guest@127.0.0.1:5672");
var management = new Uri(OptionText("--management") ?? "http://127.0.0.1:15672");
var root = FindRoot();
var workerDll = OptionText("--worker") ?? Path.Combine(root, "src/InfoSharing.Worker/bin/Release/net10.0/InfoSharing.Worker.dll");
var saturationCount = Option("--messages", 2000);
var rate = Option("--rate", 200);
var latencySeconds = Option("--seconds", 20);
var feedCount = Option("--feed-messages", 1000);
var historyCount = Option("--history-records", 100_000);
var warmupCount = Option("--warmup", 1000);
var loadBatch = OptionText("--load-batch") ?? "500";
var phases = (OptionText("--phases") ?? "raw,saturation,latency,feeds,mix").Split(',').ToHashSet(StringComparer.Ordinal);
var label = OptionText("--label") ?? Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(workerDll)))))!;
var workerSettings = OptionsAll("--set");
var runId = Guid.NewGuid().ToString("N")[..8];
var database = $"infosharing_pipeline_{runId}";
var vhost = $"infosharing-pipeline-{runId}";

await using (var admin = new NpgsqlConnection(postgres))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin).ExecuteNonQueryAsync();
    var fsync = (string)(await new NpgsqlCommand("SHOW fsync", admin).ExecuteScalarAsync())!;
    Console.WriteLine($"# pipeline benchmark [{label}]: worker {workerDll}; PostgreSQL {admin.Host}:{admin.Port} fsync={fsync}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
}

using var http = new HttpClient { BaseAddress = management };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(amqp.UserInfo))));
(await http.PutAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative), Json("{}"))).EnsureSuccessStatusCode();
(await http.PutAsync(new Uri($"api/permissions/{vhost}/{amqp.UserInfo.Split(':')[0]}", UriKind.Relative), Json("""{"configure":".*","write":".*","read":".*"}"""))).EnsureSuccessStatusCode();
var connectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString;
var amqpUri = new UriBuilder(amqp) { Path = "/" + vhost }.Uri;

var environment = new Dictionary<string, string>
{
    ["ConnectionStrings__Postgres"] = connectionString,
    ["ConnectionStrings__RabbitMq"] = amqpUri.ToString(),
    ["Urls"] = "http://127.0.0.1:0",
    ["Logging__LogLevel__Default"] = "Warning",
    ["DOTNET_gcServer"] = "0",

    // The audit chain's key, made for this run, and a checkpoint directory of its own.
    ["Audit__ChainKeyId"] = "bench",
    ["Audit__ChainKeys__bench"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    ["Audit__CheckpointDirectory"] = Directory.CreateTempSubdirectory("infosharing-bench-checkpoints-").FullName,

    // The publisher is the broker's administrator on the bench's own vhost, not an agency's user (decision 0018).
    ["Messaging__RequireUserId"] = "false",
};
foreach (var setting in workerSettings)
{
    var (key, value) = (setting.Split('=', 2)[0], setting.Split('=', 2)[1]);
    environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
}

await RunToEndAsync(workerDll, ["migrate"], environment);
using var worker = StartWorker(workerDll, environment);
var postmaster = await PostmasterPidAsync(postgres);

var factory = new ConnectionFactory { Uri = amqpUri, ClientProvidedName = "pipeline-bench-agency" };
await using var connection = await factory.CreateConnectionAsync();
await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
await WaitForConsumerAsync(connection, "ingest.midwifery", TimeSpan.FromMinutes(2));
await Task.Delay(2000);

var generator = new People(root);
Console.WriteLine("figure                                       messages   seconds     msg/s  p50 ms  p99 ms  worker CPU  postgres CPU  worker RSS (peak)  load avg");

// The flags arriving for health visiting: each booking's first flag is matched to it by the people it names.
var arrivals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
await using var flagChannel = await connection.CreateChannelAsync();
await flagChannel.BasicQosAsync(0, 500, false);
var flagConsumer = new AsyncEventingBasicConsumer(flagChannel);
var nhs = new Regex("999[0-9]{7}", RegexOptions.Compiled);
flagConsumer.ReceivedAsync += (_, delivery) =>
{
    var now = Stopwatch.GetTimestamp();
    foreach (Match match in nhs.Matches(Encoding.UTF8.GetString(delivery.Body.Span)))
    {
        arrivals.TryAdd(match.Value, now);
    }

    return Task.CompletedTask;
};
await flagChannel.BasicConsumeAsync("flags.health-visiting", autoAck: true, flagConsumer);

double? rawRate = null;
if (phases.Contains("raw"))
{
    rawRate = await RawCeilingAsync(connection, generator, Math.Max(saturationCount, 10_000));
}

if (warmupCount > 0 && phases.Overlaps(["saturation", "latency", "feeds", "mix"]))
{
    var warmup = Enumerable.Range(0, warmupCount).Select(_ => generator.Next("midwifery")).ToList();
    var start = Stopwatch.GetTimestamp();
    await PublishAllAsync(publisher, warmup);
    await WaitForFlagsAsync(warmup, TimeSpan.FromMinutes(20));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# warm-up: {warmupCount} bookings to flags in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s (not measured)"));
}

if (phases.Contains("saturation"))
{
    var bookings = Enumerable.Range(0, saturationCount).Select(_ => generator.Next("midwifery")).ToList();
    var usage = Usage.Start(worker, postmaster);
    var start = Stopwatch.GetTimestamp();
    await PublishAllAsync(publisher, bookings);
    var last = await WaitForFlagsAsync(bookings, TimeSpan.FromMinutes(20));
    var seconds = Stopwatch.GetElapsedTime(start, last).TotalSeconds;
    var latencies = bookings.Select(b => Stopwatch.GetElapsedTime(start, arrivals[b.Key]).TotalMilliseconds).ToList();
    Report("saturation (bookings, first publish to last flag)", saturationCount, seconds, latencies, usage.Stop());
    if (rawRate is { } raw)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio end-to-end / raw ceiling: {saturationCount / seconds:F0} / {raw:F0} = {saturationCount / seconds / raw:F3}"));
    }
}

if (phases.Contains("latency"))
{
    var total = rate * latencySeconds;
    var bookings = Enumerable.Range(0, total).Select(_ => generator.Next("midwifery")).ToList();
    var sent = new long[total];
    var usage = Usage.Start(worker, postmaster);
    var start = Stopwatch.GetTimestamp();
    var confirms = new List<Task>();
    for (var i = 0; i < total; i++)
    {
        var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
        while (Stopwatch.GetTimestamp() < due)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(2))
            {
                await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
            }
        }

        sent[i] = Stopwatch.GetTimestamp();
        confirms.Add(PublishAsync(publisher, bookings[i]));
        if (confirms.Count >= 100)
        {
            confirms.RemoveAll(t => t.IsCompleted);
        }
    }

    await Task.WhenAll(confirms);
    var last = await WaitForFlagsAsync(bookings, TimeSpan.FromMinutes(10));
    var latencies = bookings.Select((b, i) => Stopwatch.GetElapsedTime(sent[i], arrivals[b.Key]).TotalMilliseconds).ToList();
    Report($"latency at {rate}/s offered (push to flag)", total, Stopwatch.GetElapsedTime(start, last).TotalSeconds, latencies, usage.Stop());
}

if (phases.Contains("feeds"))
{
    foreach (var feed in People.Feeds)
    {
        var messages = Enumerable.Range(0, feedCount).Select(_ => generator.Next(feed)).ToList();
        await RunToIdleAsync($"per feed: {feed}", messages);
    }
}

if (phases.Contains("mix"))
{
    // A partnership's day, roughly: GP and health visiting most, then midwifery, housing, MARAC.
    var weights = new[] { ("gp", 35), ("health-visiting", 25), ("midwifery", 25), ("housing", 10), ("marac", 5) };
    var deck = weights.SelectMany(w => Enumerable.Repeat(w.Item1, w.Item2)).ToArray();
    var random = new Random(11);
    var messages = Enumerable.Range(0, saturationCount).Select(_ => generator.Next(deck[random.Next(deck.Length)])).ToList();
    await RunToIdleAsync("mix (35% gp, 25% hv, 25% midwifery, 10% housing, 5% marac)", messages);
}

if (phases.Contains("backfill"))
{
    // A GP-style history: one registration of a new man with coded conditions per line (FHIR Bundles as NDJSON), loaded
    // by the worker's `load` command in a process of its own while the worker runs; the load ends when every child the
    // history touched has been evaluated. Wall time, CPU and peak memory of the load from /usr/bin/time.
    var path = Path.Combine(Path.GetTempPath(), $"infosharing-history-{runId}.ndjson");
    await using (var file = new StreamWriter(path))
    {
        for (var i = 0; i < historyCount; i++)
        {
            await file.WriteLineAsync(System.Text.Json.Nodes.JsonNode.Parse(generator.Next("gp").Body)!.ToJsonString());
        }
    }

    var usage = Usage.Start(worker, postmaster);
    var start = Stopwatch.GetTimestamp();
    var timing = Path.GetTempFileName();
    var info = new ProcessStartInfo("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timing, "dotnet", workerDll, "load", "--feed", "gp.fhir", "--input", path, "--operator", "bench", "--batch", loadBatch])
    {
        WorkingDirectory = Path.GetDirectoryName(workerDll)!,
        RedirectStandardOutput = true,
    };
    foreach (var (key, value) in environment)
    {
        info.Environment[key] = value;
    }

    using var load = Process.Start(info)!;
    var summary = await load.StandardOutput.ReadToEndAsync();
    await load.WaitForExitAsync();
    var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var worked = usage.Stop();
    var measured = File.ReadAllLines(timing)[^1].Trim().Split(' ');
    Console.Error.Write(summary);
    var loadCpu = (double.Parse(measured[1], CultureInfo.InvariantCulture) + double.Parse(measured[2], CultureInfo.InvariantCulture)) / seconds * 100;
    Report($"backfill: gp history, `load` (exit {load.ExitCode})", historyCount, seconds, [], worked);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  load process: {loadCpu:F0}% CPU, peak RSS {long.Parse(measured[3], CultureInfo.InvariantCulture) / 1024} MiB, {new FileInfo(path).Length / 1024 / 1024} MiB of NDJSON; the worker column is the running worker"));
    File.Delete(path);
    File.Delete(path + ".load-checkpoint");
    File.Delete(path + ".load-report.tsv");
}

await StopWorkerAsync(worker);
NpgsqlConnection.ClearAllPools();
await using (var admin = new NpgsqlConnection(postgres))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
}

await http.DeleteAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative));
return;

async Task RunToIdleAsync(string name, List<Message> messages)
{
    var before = await ScalarAsync("SELECT count(*) FROM ingest.inbound_messages");
    var usage = Usage.Start(worker, postmaster);
    var start = Stopwatch.GetTimestamp();
    await PublishAllAsync(publisher, messages);
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
    while (DateTime.UtcNow < deadline)
    {
        await Task.Delay(100);
        if (await ScalarAsync("SELECT count(*) FROM ingest.inbound_messages") - before >= messages.Count && await IdleAsync())
        {
            break;
        }
    }

    var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    var rejected = await ScalarAsync("SELECT count(*) FROM ingest.inbound_messages WHERE status <> 'Accepted'");
    Report(name + (rejected > 0 ? $" ({rejected} not accepted)" : string.Empty), messages.Count, seconds, [], usage.Stop());
}

// Nothing left for the flags stage (if this worker has one) or the outbox.
async Task<bool> IdleAsync()
{
    var hasQueue = await ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'flags' AND table_name = 'evaluation_requests'") > 0;
    var pendingFlags = hasQueue ? await ScalarAsync("SELECT count(*) FROM flags.evaluation_requests") : 0;
    return pendingFlags == 0 && await ScalarAsync("SELECT count(*) FROM messaging.outbox WHERE sent_at IS NULL") == 0;
}

async Task<long> WaitForFlagsAsync(List<Message> bookings, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (bookings.Any(b => !arrivals.ContainsKey(b.Key)))
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"{bookings.Count(b => !arrivals.ContainsKey(b.Key))} of {bookings.Count} bookings raised no flag in {timeout}.");
        }

        await Task.Delay(20);
    }

    return bookings.Max(b => arrivals[b.Key]);
}

async Task<long> ScalarAsync(string sql)
{
    await using var conn = new NpgsqlConnection(connectionString);
    await conn.OpenAsync();
    return Convert.ToInt64(await new NpgsqlCommand(sql, conn).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

void Report(string name, int messages, double seconds, List<double> latencies, (double WorkerCpu, double PostgresCpu, long RssMiB, long PeakMiB) usage)
{
    latencies.Sort();
    string P(double q) => latencies.Count == 0 ? "-" : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)].ToString("F0", CultureInfo.InvariantCulture);
    var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-44} {messages,8} {seconds,9:F1} {messages / seconds,9:F0} {P(0.50),7} {P(0.99),7} {usage.WorkerCpu,9:F0}% {usage.PostgresCpu,12:F0}% {usage.RssMiB,8} MiB ({usage.PeakMiB} MiB)  {string.Join(' ', load)}"));
}

static async Task<double> RawCeilingAsync(IConnection connection, People generator, int count)
{
    // The same bodies, the same broker, a quorum queue as the ingest queues are: a consumer that only acknowledges.
    await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
    await channel.QueueDeclareAsync("bench.raw", durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
    var bodies = Enumerable.Range(0, count).Select(_ => generator.Next("midwifery")).ToList();
    var pending = new List<Task>();
    foreach (var body in bodies)
    {
        pending.Add(channel.BasicPublishAsync(string.Empty, "bench.raw", false, new BasicProperties { MessageId = body.Key, ContentType = body.ContentType, DeliveryMode = DeliveryModes.Persistent }, body.Body).AsTask());
        if (pending.Count == 500)
        {
            await Task.WhenAll(pending);
            pending.Clear();
        }
    }

    await Task.WhenAll(pending);
    await using var consume = await connection.CreateChannelAsync();
    await consume.BasicQosAsync(0, 200, false);
    var received = 0;
    var done = new TaskCompletionSource();
    var consumer = new AsyncEventingBasicConsumer(consume);
    var start = Stopwatch.GetTimestamp();
    consumer.ReceivedAsync += async (_, delivery) =>
    {
        _ = delivery.Body.ToArray();
        await consume.BasicAckAsync(delivery.DeliveryTag, false);
        if (Interlocked.Increment(ref received) == count)
        {
            done.TrySetResult();
        }
    };
    var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
    await consume.BasicConsumeAsync("bench.raw", autoAck: false, consumer);
    await done.Task;
    var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{"raw ceiling (consume and ack only)",-44} {count,8} {seconds,9:F1} {count / seconds,9:F0}       -       -           -            -                -           {string.Join(' ', load)}"));
    await consume.QueueDeleteAsync("bench.raw");
    return count / seconds;
}

static async Task PublishAllAsync(IChannel channel, List<Message> messages)
{
    var pending = new List<Task>();
    foreach (var message in messages)
    {
        pending.Add(PublishAsync(channel, message));
        if (pending.Count == 500)
        {
            await Task.WhenAll(pending);
            pending.Clear();
        }
    }

    await Task.WhenAll(pending);
}

static Task PublishAsync(IChannel channel, Message message) =>
    channel.BasicPublishAsync("infosharing.ingest", message.RoutingKey, false, new BasicProperties
    {
        MessageId = message.Key,
        ContentType = message.ContentType,
        Type = message.Type,
        DeliveryMode = DeliveryModes.Persistent,
        Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
    }, message.Body).AsTask();

static Process StartWorker(string dll, Dictionary<string, string> environment)
{
    var info = new ProcessStartInfo("dotnet", [dll]) { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var (key, value) in environment)
    {
        info.Environment[key] = value;
    }

    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("[worker] " + line); };
    process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("[worker] " + line); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task RunToEndAsync(string dll, string[] arguments, Dictionary<string, string> environment)
{
    var info = new ProcessStartInfo("dotnet", [dll, .. arguments]) { WorkingDirectory = Path.GetDirectoryName(dll)! };
    foreach (var (key, value) in environment)
    {
        info.Environment[key] = value;
    }

    using var process = Process.Start(info)!;
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{dll} {string.Join(' ', arguments)} exited with {process.ExitCode}.");
    }
}

static async Task StopWorkerAsync(Process worker)
{
    using var term = Process.Start("kill", ["-TERM", worker.Id.ToString(CultureInfo.InvariantCulture)]);
    await term.WaitForExitAsync();
    if (!worker.WaitForExit(TimeSpan.FromSeconds(60)))
    {
        worker.Kill();
    }
}

static async Task WaitForConsumerAsync(IConnection connection, string queue, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (DateTime.UtcNow < deadline)
    {
        try
        {
            await using var probe = await connection.CreateChannelAsync();
            if ((await probe.QueueDeclarePassiveAsync(queue)).ConsumerCount > 0)
            {
                return;
            }
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // Not declared yet.
        }

        await Task.Delay(200);
    }

    throw new TimeoutException($"The worker did not consume {queue} within {timeout}.");
}

static async Task<int> PostmasterPidAsync(string postgres)
{
    await using var conn = new NpgsqlConnection(postgres);
    await conn.OpenAsync();
    var dataDirectory = (string)(await new NpgsqlCommand("SHOW data_directory", conn).ExecuteScalarAsync())!;
    return int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
}

static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

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

List<string> OptionsAll(string name) =>
    args.Select((a, i) => (a, i)).Where(x => x.a == name && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();

/// <summary>One message as an agency publishes it; <see cref="Key"/> is its message id and the first person's NHS number.</summary>
internal sealed record Message(string Key, string RoutingKey, string ContentType, string? Type, byte[] Body);

/// <summary>
/// The contract examples with new synthetic people each time: NHS numbers (valid, 999 range), the family's names,
/// birth dates and postcodes, so that the person index sees new people rather than one family again and again.
/// </summary>
internal sealed class People(string root)
{
    public static readonly string[] Feeds = ["midwifery", "health-visiting", "gp", "housing", "marac"];

    private static readonly string[] Given = ["Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Grace", "Evie", "Harry", "Oliver", "George", "Noah", "Jack", "Leo", "Arthur", "Muhammad", "Oscar", "Charlie", "Jacob", "Thomas", "Henry", "William", "Alfie", "Sophia", "Emily", "Poppy", "Ella", "Rosie"];

    private static readonly Dictionary<string, (string File, string RoutingKey, string ContentType, string? Type)> Samples = new(StringComparer.Ordinal)
    {
        ["midwifery"] = ("contracts/examples/midwifery/booking-with-partner.json", "midwifery.fhir", "application/fhir+json", null),
        ["health-visiting"] = ("contracts/examples/health-visiting/new-birth-visit.json", "health-visiting.fhir", "application/fhir+json", null),
        ["gp"] = ("contracts/examples/gp/man-registration-with-indicators.json", "gp.fhir", "application/fhir+json", null),
        ["housing"] = ("contracts/examples/housing/household-mother-baby-non-resident-carer.json", "housing.household", "application/json", "housing.household-changed.v1"),
        ["marac"] = ("contracts/examples/marac/case-listed-victim-pregnant.json", "marac.case", "application/json", "marac.case-listed.v1"),
    };

    private readonly Dictionary<string, string> _templates = Samples.ToDictionary(s => s.Key, s => File.ReadAllText(Path.Combine(root, s.Value.File)), StringComparer.Ordinal);
    private readonly Random _random = new(20261201);
    private int _serial;

    public Message Next(string feed)
    {
        var (_, routingKey, contentType, type) = Samples[feed];
        var text = _templates[feed];
        // Names of letters only: the person index normalises names (digits dropped), so "Family01234" would be one
        // surname for everyone and every name block would hold every record.
        var family = Surname();
        var partnerFamily = Surname();
        var postcode = $"ZZ{_random.Next(10, 99)} {_random.Next(1, 9)}{(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}";
        (string, string)[] replacements =
        [
            ("Testwood", family), ("Samplesby", partnerFamily),
            ("Ellie", Given[_random.Next(Given.Length)]), ("Jordan", Given[_random.Next(Given.Length)]),
            ("1999-04-12", BirthDate(1985, 2004)), ("1997-08-30", BirthDate(1975, 2003)),
            ("ZZ99 1AA", postcode), ("ZZ99 2BB", postcode), ("ZZ1 3CC", postcode), ("ZZ3 4DD", postcode), ("ZZ99 3BB", postcode),

            // Each family at an address of its own: one street for everyone would make house number and street a
            // blocking key shared by every record (thousands of candidates per probe, one lock bucket for all).
            ("1 Synthetic Row", $"{_random.Next(1, 200)} {Surname()} Road"),
        ];
        foreach (var (from, to) in replacements)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        // Each distinct NHS number of the example stands for one person: it becomes one new number throughout.
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = (string?)null;
        text = Regex.Replace(text, "(?<![0-9])999[0-9]{7}(?![0-9])", m =>
        {
            if (!map.TryGetValue(m.Value, out var fresh))
            {
                map[m.Value] = fresh = Synthetic(++_serial);
            }

            first ??= fresh;
            return fresh;
        });

        return new Message(first ?? $"msg-{_serial}", routingKey, contentType, type, Encoding.UTF8.GetBytes(text));
    }

    private static readonly string[] Syllables = ["ash", "brook", "carr", "dale", "ell", "fen", "gar", "holm", "ing", "kel", "lan", "mor", "nor", "oak", "pen", "quin", "ros", "stan", "thorn", "wick", "ley", "by", "ton", "ham", "ford", "well", "worth", "field", "more", "wood", "cot", "den", "ridge", "shaw", "bury", "gate", "hurst", "combe", "low", "mere"];

    /// <summary>A surname of three syllables (64,000 of them), first letter capital.</summary>
    private string Surname()
    {
        var name = Syllables[_random.Next(Syllables.Length)] + Syllables[_random.Next(Syllables.Length)] + Syllables[_random.Next(Syllables.Length)];
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    private string BirthDate(int fromYear, int toYear) =>
        new DateOnly(fromYear, 1, 1).AddDays(_random.Next((toYear - fromYear) * 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Synthetic(int index)
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
            check = check == 11 ? 0 : check;
            if (check != 10)
            {
                return nine + check.ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}

/// <summary>CPU of the worker and of PostgreSQL (the postmaster and its children), and the worker's memory, over a phase.</summary>
internal sealed class Usage
{
    private readonly Process _worker;
    private readonly int _postmaster;
    private readonly long _workerTicks;
    private readonly long _postgresTicks;
    private readonly long _start = Stopwatch.GetTimestamp();

    private Usage(Process worker, int postmaster)
    {
        _worker = worker;
        _postmaster = postmaster;
        _workerTicks = Ticks(worker.Id);
        _postgresTicks = PostgresTicks(postmaster);
    }

    public static Usage Start(Process worker, int postmaster) => new(worker, postmaster);

    /// <summary>Percent of one core each, and the worker's resident and peak resident memory in MiB.</summary>
    public (double WorkerCpu, double PostgresCpu, long RssMiB, long PeakMiB) Stop()
    {
        var seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        var status = File.ReadAllLines($"/proc/{_worker.Id}/status");
        long Kib(string field) => long.Parse(status.First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return (
            (Ticks(_worker.Id) - _workerTicks) / 100.0 / seconds * 100,
            (PostgresTicks(_postmaster) - _postgresTicks) / 100.0 / seconds * 100,
            Kib("VmRSS") / 1024,
            Kib("VmHWM") / 1024);
    }

    /// <summary>utime + stime + the waited-for children's (clock ticks, 100 per second on Linux).</summary>
    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
                + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long PostgresTicks(int postmaster)
    {
        var total = Ticks(postmaster);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != postmaster)
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (fields[1] == postmaster.ToString(CultureInfo.InvariantCulture))
                    {
                        total += Ticks(pid);
                    }
                }
                catch (IOException)
                {
                    // The process ended meanwhile.
                }
            }
        }

        return total;
    }
}
