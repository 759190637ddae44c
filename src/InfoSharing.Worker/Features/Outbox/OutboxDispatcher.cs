using InfoSharing.ServiceDefaults;
using InfoSharing.Worker.Messaging;
using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Features.Outbox;

/// <summary>
/// Publishes committed outbox rows: claim a batch under the dispatch lease (a short transaction, committed), publish
/// it on one confirming channel with <c>mandatory</c>, then record in a new transaction what the broker said. Only a
/// confirmed, routed message is stamped sent and its disclosure recorded; a crash between confirm and record
/// publishes the same message id again, which receivers ignore. No database transaction is open while the broker
/// is called. Order is kept per stream (one subscriber's flags, one agency's rejections): a refused row holds the
/// rest of its stream while it waits to be retried, and parks it at the attempt limit until an operator releases it.
/// </summary>
public sealed partial class OutboxDispatcher(
    OutboxStore store,
    OutboxPublisher publisher,
    OutboxSignal signal,
    BrokerTopology topology,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan ParkedCountInterval = TimeSpan.FromSeconds(30);

    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private DateTimeOffset _nextParkedCount = DateTimeOffset.MinValue;
    private bool _topologyDeclared;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var batch = await DispatchBatchAsync(stoppingToken);
                    failures = batch.Unknown > 0 ? failures + 1 : 0;
                    if (failures > 0)
                    {
                        await Task.Delay(Backoff(failures), stoppingToken);
                    }
                    else if (batch.Claimed < options.Value.BatchSize)
                    {
                        await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The database or the broker is unreachable (or a bug): nothing is lost, the rows stay pending.
                    failures++;
                    LogDispatchFailed(ex.GetType().Name, ex.Message);
                    await Task.Delay(Backoff(failures), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping during a back-off.
        }
        finally
        {
            await GiveUpLeaseAsync();
        }
    }

    /// <summary>Claims, publishes and records one batch.</summary>
    public async Task<DispatchedBatch> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var rows = await store.ClaimAsync(_holder, cancellationToken);
        if (rows is null || rows.Count == 0)
        {
            await RefreshParkedCountAsync(force: false, cancellationToken);
            return new DispatchedBatch(0, 0, 0, 0, rows is null);
        }

        if (!_topologyDeclared)
        {
            // A first start publishes nothing before the subscribers' queues exist (it would only be refused); the
            // topology is declared once per process, by whichever service needs it first.
            await topology.DeclareAsync(cancellationToken);
            _topologyDeclared = true;
        }

        var outcomes = await publisher.PublishAsync(rows, options.Value.ConfirmTimeout, cancellationToken);
        var parked = await RecordAsync(outcomes, cancellationToken);
        var routed = outcomes.Count(o => o.Result == PublishResult.Routed);
        var refused = outcomes.Where(o => o.IsRefusal).ToList();
        var unknown = outcomes.Where(o => o.Result == PublishResult.Unknown).ToList();
        Telemetry.OutboxPublished.Add(routed);
        foreach (var outcome in refused)
        {
            Telemetry.OutboxRefused.Add(1, new KeyValuePair<string, object?>("result", outcome.Result.ToString().ToLowerInvariant()));
            LogRefused(outcome.Row.Id, outcome.Row.MessageId, outcome.Row.Stream, outcome.Row.Attempts + 1, options.Value.MaxAttempts, outcome.Error ?? outcome.Result.ToString());
        }

        foreach (var outcome in parked)
        {
            Telemetry.OutboxParked.Add(1);
            LogParked(outcome.Row.Id, outcome.Row.MessageId, outcome.Row.Attempts + 1, outcome.Error ?? outcome.Result.ToString(), outcome.Row.Stream);
        }

        if (parked.Count > 0)
        {
            await RefreshParkedCountAsync(force: true, cancellationToken);
        }

        if (unknown.Count > 0)
        {
            Telemetry.OutboxUnknown.Add(unknown.Count);
            LogUnknown(unknown.Count, unknown[0].Error ?? "no answer");
        }

        ReportOvertaking(outcomes);
        return new DispatchedBatch(rows.Count, routed, refused.Count, unknown.Count, false);
    }

    /// <summary>Records the outcomes, retrying while the database is away: every retry saved is a duplicate not sent.</summary>
    private async Task<IReadOnlyList<PublishOutcome>> RecordAsync(IReadOnlyList<PublishOutcome> outcomes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.RecordAsync(outcomes, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && IsDatabaseOutage(ex) && attempt < 60)
            {
                if (attempt == 1)
                {
                    LogRecordRetry(outcomes.Count, ex.GetType().Name);
                }

                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>A delivered message whose earlier stream-mate was refused in the same batch overtook it: say so.</summary>
    private void ReportOvertaking(IReadOnlyList<PublishOutcome> outcomes)
    {
        foreach (var stream in outcomes.Where(o => o.IsRefusal).GroupBy(o => o.Row.Stream))
        {
            var first = stream.Min(o => o.Row.Id);
            var overtaking = outcomes.Where(o => o.Result == PublishResult.Routed && o.Row.Stream == stream.Key && o.Row.Id > first).ToList();
            if (overtaking.Count > 0)
            {
                Telemetry.OutboxOvertaken.Add(overtaking.Count);
                LogOvertaken(overtaking.Count, first, stream.Key);
            }
        }
    }

    private async Task RefreshParkedCountAsync(bool force, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!force && now < _nextParkedCount)
        {
            return;
        }

        _nextParkedCount = now + ParkedCountInterval;
        Telemetry.SetOutboxParkedRows(await store.CountParkedAsync(cancellationToken));
    }

    private async Task GiveUpLeaseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await store.ReleaseLeaseAsync(_holder, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The lease lapses by itself.
            LogLeaseKept(ex.GetType().Name);
        }
    }

    /// <summary>
    /// The database is unreachable, restarting or failing over. EF Core reports such an error wrapped in an
    /// InvalidOperationException ("likely due to a transient failure"), so the whole chain is looked at.
    /// </summary>
    internal static bool IsDatabaseOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true } or Npgsql.PostgresException { SqlState: ['0', '8', ..] or ['5', '7', ..] }
                or TimeoutException or System.Net.Sockets.SocketException or IOException)
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(failures - 1, 5))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox row {OutboxId} ({MessageId}, stream {Stream}) was refused by the broker, attempt {Attempt} of {MaxAttempts}: {Error}; its stream waits for the retry")]
    private partial void LogRefused(long outboxId, string messageId, string stream, int attempt, int maxAttempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {OutboxId} ({MessageId}) is parked after {Attempts} refusals ({Error}): nothing more is sent on stream {Stream} until an operator releases it (InfoSharing.Worker outbox release {OutboxId})")]
    private partial void LogParked(long outboxId, string messageId, int attempts, string error, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} outbox messages have no answer from the broker ({Error}); they will be published again with the same message ids")]
    private partial void LogUnknown(int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} outbox messages on stream {Stream} were delivered before the earlier refused row {OutboxId}")]
    private partial void LogOvertaken(int count, long outboxId, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Count} broker answers ({ExceptionType}); retrying while the database is away")]
    private partial void LogRecordRetry(int count, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed with {ExceptionType}: {Reason}; retrying")]
    private partial void LogDispatchFailed(string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The outbox lease was not given up on shutdown ({ExceptionType}); it lapses by itself")]
    private partial void LogLeaseKept(string exceptionType);
}

/// <summary>What one dispatch did: rows claimed and how the broker answered; <c>Standby</c> when another replica holds the lease.</summary>
public sealed record DispatchedBatch(int Claimed, int Routed, int Refused, int Unknown, bool Standby);
