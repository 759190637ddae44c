using System.Diagnostics;
using InfoSharing.FaultSuite;

// The fault suite (issue 12). Starts its own PostgreSQL and RabbitMQ (deploy/local/services.sh, private ports and
// state directory), the worker replicas and the API built from this repository; publishes the traffic as the
// agencies would while it kills the worker and restarts the broker and the database; then reconciles. Prints one
// line of figures and exits 1 on any loss, duplicate or broken promise (the failures are listed above the line).
SuiteOptions options;
try
{
    options = SuiteOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var root = FindRoot();
Directory.CreateDirectory(options.StateDir);
await using var log = new StreamWriter(Path.Combine(options.StateDir, "suite.log")) { AutoFlush = true };
var elapsed = Stopwatch.StartNew();
var (messages, duplicates, unitOfNhs) = Workload.Build(root, options.Messages, options.BadShare, options.DuplicateShare, options.Seed);
var bad = messages.Count(m => m.ExpectedCode is not null);
var units = (messages.Count - bad) / Workload.UnitSize;
Console.WriteLine($"fault suite: {messages.Count} messages ({units} units of {Workload.UnitSize} feeds, {bad} bad, {duplicates.Count} sent twice), "
    + $"{options.Kills} worker kill(s), {options.BrokerRestarts} broker restart(s), {options.DatabaseRestarts} database restart(s)"
    + (options.DatabaseOutageSeconds > 0 ? $", a {options.DatabaseOutageSeconds} s database outage" : string.Empty)
    + $", {options.Replicas} worker replica(s), offered at {options.Rate}/s; state and logs in {options.StateDir}");

using var stack = new Stack(options, root, log);
var passed = false;
try
{
    if (options.Build)
    {
        Console.WriteLine($"  building the worker and the API ({options.Configuration})");
        await stack.BuildAsync();
    }

    Console.WriteLine($"  starting PostgreSQL on {options.PostgresPort} and RabbitMQ on {options.AmqpPort} (node {options.NodeName})");
    await stack.StartServicesAsync();
    await stack.CreateDatabaseAsync();
    for (var replica = 0; replica < options.Replicas; replica++)
    {
        await stack.StartWorkerAsync(replica);
    }

    await stack.StartApiAsync();
    await using var receivers = new Receivers(stack.Amqp);
    await receivers.StartAsync();
    var progress = new Progress(stack.PostgresDatabase);
    var runner = new FaultRunner(options, stack, progress, receivers, log);
    var faults = runner.Schedule();

    // Each duplicate goes again a little later than its first copy, as an agency's retry would.
    var sends = new List<AgencyMessage>(messages);
    var random = new Random(options.Seed + 2);
    foreach (var duplicate in duplicates)
    {
        var first = sends.IndexOf(duplicate);
        sends.Insert(Math.Min(sends.Count, first + 1 + random.Next(200)), duplicate);
    }

    Console.WriteLine($"  publishing; faults at {string.Join(", ", faults.Select(f => $"{f.Name}@{f.At:P0}"))} of the inbound messages stored");
    using var cancel = new CancellationTokenSource();
    var supervising = stack.SuperviseAsync(cancel.Token);
    var publisher = new AgencyPublisher(stack.AmqpFor, options.Rate, log);
    var striking = runner.RunAsync(faults, messages.Count, cancel.Token);
    await publisher.PublishAllAsync([.. sends.Where(m => !m.AfterBirth)], cancel.Token);

    // What tells of a birth goes once the booking it follows has been taken in, as it would weeks later.
    var bookingsDeadline = DateTime.UtcNow + options.SettleTimeout;
    while (await progress.BookingsStoredAsync() < units && DateTime.UtcNow < bookingsDeadline)
    {
        await Task.Delay(250);
    }

    await publisher.PublishAllAsync([.. sends.Where(m => m.AfterBirth)], cancel.Token);
    await striking;

    Console.WriteLine("  settling: waiting until every message is stored, every flag evaluated, the outbox empty and nothing more arrives");
    var settled = await SettleAsync(progress, receivers, messages.Count, options.SettleTimeout);
    await cancel.CancelAsync();
    await Task.WhenAny(supervising);
    var findings = await new Reconciliation(stack, receivers).RunAsync(messages, unitOfNhs);
    foreach (var exit in stack.UnexpectedExits)
    {
        findings.Fail(exit);
    }

    if (!settled)
    {
        findings.Fail($"the service did not settle within {options.SettleTimeout.TotalMinutes} minutes");
    }

    foreach (var failure in findings.Failures.Take(40))
    {
        Console.WriteLine($"  FAILURE: {failure}");
    }

    if (findings.Failures.Count > 40)
    {
        Console.WriteLine($"  ... {findings.Failures.Count - 40} more failures in {options.StateDir}/suite.log");
    }

    foreach (var failure in findings.Failures)
    {
        await log.WriteLineAsync($"FAILURE: {failure}");
    }

    var line = FigureLine.Format(findings, options, units, bad, duplicates.Count, publisher.Retries, faults, stack.UnexpectedExits.Count, elapsed.Elapsed, LoadAverage());
    await log.WriteLineAsync(line);
    Console.WriteLine(line);
    passed = findings.Failures.Count == 0;
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or Npgsql.NpgsqlException or HttpRequestException)
{
    Console.WriteLine($"fault-suite FAIL: the run could not complete: {ex.GetType().Name}: {ex.Message}");
    await log.WriteLineAsync(ex.ToString());
}
finally
{
    if (!passed)
    {
        Console.WriteLine($"  logs kept in {options.StateDir}");
    }

    await stack.DisposeAsync(keepState: !passed || options.Keep);
}

return passed ? 0 : 1;

static async Task<bool> SettleAsync(Progress progress, Receivers receivers, int expectedInbound, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (DateTime.UtcNow < deadline)
    {
        if (await progress.InboundAsync() >= expectedInbound && await progress.PendingEvaluationsAsync() == 0
            && await progress.PendingOutboxAsync() == 0 && DateTime.UtcNow - receivers.LastArrival > TimeSpan.FromSeconds(5))
        {
            return true;
        }

        await Task.Delay(500);
    }

    return false;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InfoSharing.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new DirectoryNotFoundException("Run from inside the repository.");
}
