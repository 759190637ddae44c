using System.Diagnostics;
using System.Globalization;

namespace InfoSharing.FaultSuite;

internal enum FaultKind
{
    WorkerKill,
    BrokerRestart,
    DatabaseRestart,
    DatabaseOutage,
}

/// <summary>A fault, when it strikes (a share of the inbound messages stored), and what it cost.</summary>
internal sealed class Fault(FaultKind kind, double at)
{
    public FaultKind Kind { get; } = kind;

    public double At { get; } = at;

    /// <summary>From the fault's start until the service it hit was back (process ready, server answering).</summary>
    public TimeSpan Downtime { get; set; }

    /// <summary>From the service being back until both ingest and flag delivery made progress again; null when there was nothing left to do.</summary>
    public TimeSpan? Recovery { get; set; }

    public string Detail { get; set; } = string.Empty;

    public string Name => Kind switch
    {
        FaultKind.WorkerKill => "kill",
        FaultKind.BrokerRestart => "broker-restart",
        FaultKind.DatabaseRestart => "db-restart",
        _ => "db-outage",
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}@{At:P0}{Detail} down {Downtime.TotalSeconds:F1}s recovery {(Recovery is { } r ? $"{r.TotalSeconds:F1}s" : "idle")}");
}

/// <summary>Strikes the faults in order as the run progresses, and times how long the service takes to recover from each.</summary>
internal sealed class FaultRunner(SuiteOptions options, Stack stack, Progress progress, Receivers receivers, TextWriter log)
{
    public List<Fault> Schedule()
    {
        var random = new Random(options.Seed);
        var kinds = Enumerable.Repeat(FaultKind.WorkerKill, options.Kills)
            .Concat(Enumerable.Repeat(FaultKind.BrokerRestart, options.BrokerRestarts))
            .Concat(Enumerable.Repeat(FaultKind.DatabaseRestart, options.DatabaseRestarts))
            .Concat(options.DatabaseOutageSeconds > 0 ? [FaultKind.DatabaseOutage] : [])
            .OrderBy(_ => random.Next())
            .ToList();
        var moments = kinds.Select(_ => 0.05 + (random.NextDouble() * 0.8)).Order().ToList();
        return [.. kinds.Zip(moments, (kind, at) => new Fault(kind, at))];
    }

    public async Task RunAsync(List<Fault> faults, int expectedInbound, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed + 1);
        foreach (var fault in faults)
        {
            while (await progress.InboundAsync() < fault.At * expectedInbound)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Delay(200, cancellationToken);
            }

            var before = await progress.InboundAsync();
            var watch = Stopwatch.StartNew();
            await log.WriteLineAsync($"{DateTimeOffset.UtcNow:O} fault {fault.Name} at {before} inbound stored");
            switch (fault.Kind)
            {
                case FaultKind.WorkerKill:
                    var replica = random.Next(stack.Replicas);
                    fault.Detail = stack.Replicas > 1 ? $"(replica {replica})" : string.Empty;
                    await stack.KillAndRestartWorkerAsync(replica);
                    break;
                case FaultKind.BrokerRestart:
                    await stack.RestartBrokerAsync();
                    break;
                case FaultKind.DatabaseRestart:
                    await stack.RestartDatabaseAsync();
                    break;
                case FaultKind.DatabaseOutage:
                    fault.Detail = $"({options.DatabaseOutageSeconds}s)";
                    await stack.StopDatabaseAsync();
                    await Task.Delay(TimeSpan.FromSeconds(options.DatabaseOutageSeconds), cancellationToken);
                    await stack.StartDatabaseAsync();
                    break;
            }

            fault.Downtime = watch.Elapsed;
            fault.Recovery = await RecoveryAsync(expectedInbound, cancellationToken);
            await log.WriteLineAsync($"{DateTimeOffset.UtcNow:O} {fault}");
            Console.WriteLine($"  {fault}");
        }
    }

    /// <summary>
    /// Time until a new inbound message is stored and a new flag copy arrives, counting only what still had work to
    /// do (ingest finished counts as progress for ingest; an empty outbox after ingest finished, for delivery).
    /// Null when the run had nothing left to do when the service came back.
    /// </summary>
    private async Task<TimeSpan?> RecoveryAsync(int expectedInbound, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var inboundAtStart = await progress.InboundAsync();
        var flagsAtStart = receivers.FlagCopies;
        if (inboundAtStart >= expectedInbound && await progress.PendingOutboxAsync() == 0)
        {
            return null;
        }

        TimeSpan? ingestAt = null;
        TimeSpan? deliveryAt = null;
        while (watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inbound = await progress.InboundAsync();
            ingestAt ??= inbound > inboundAtStart || inbound >= expectedInbound ? watch.Elapsed : null;
            deliveryAt ??= receivers.FlagCopies > flagsAtStart || (inbound >= expectedInbound && await progress.PendingOutboxAsync() == 0) ? watch.Elapsed : null;
            if (ingestAt is { } i && deliveryAt is { } d)
            {
                return i > d ? i : d;
            }

            await Task.Delay(100, cancellationToken);
        }

        return watch.Elapsed;
    }
}
