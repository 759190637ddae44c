using InfoSharing.Data;
using InfoSharing.Data.Flags;
using InfoSharing.ServiceDefaults;
using InfoSharing.Worker.Features.Ingest;
using InfoSharing.Worker.Features.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace InfoSharing.Worker.Features.Flags;

/// <summary>
/// The flags stage (docs/decisions/0014): takes children whose picture changed (flags.evaluation_requests, written by
/// ingest and the sweep; person.reevaluation_requests, written by review merges and unmerges), coalesces all the
/// requests of one child into one evaluation, and runs the rules for up to Flags:BatchSize children in one
/// transaction that writes their flag versions and outbox rows. Each child is locked while it is evaluated
/// (pg_try_advisory_xact_lock), and its requests are deleted before its picture is read, so any change committed
/// after that read leaves a request and is evaluated again: concurrent changes about one child always meet in an
/// evaluation. Replicas and loops share the queue; nothing lives in one process's memory. A child whose evaluation
/// throws is taken out of the batch, recorded in flags.evaluation_failures with its error and retried with backoff;
/// the others go on, and the host never stops for it. The time-based sweep is a row in flags.scheduled_jobs that one
/// replica claims when it is due; it enqueues every child.
/// </summary>
public sealed partial class FlagStage(
    IServiceScopeFactory scopes,
    FlagService flags,
    FlagSignal signal,
    OutboxSignal outbox,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<FlagStageOptions> options,
    TimeProvider time,
    ILogger<FlagStage> logger) : BackgroundService
{
    /// <summary>Advisory lock class (two-int form) of a child being evaluated: "FE".</summary>
    private const int ChildLockClass = 0x4645;

    private static readonly TimeSpan SweepCheckInterval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await Task.WhenAll(Enumerable.Range(0, options.Value.Concurrency).Select(loop => LoopAsync(sweeper: loop == 0, stoppingToken)));
    }

    private async Task LoopAsync(bool sweeper, CancellationToken stoppingToken)
    {
        var nextSweepCheck = DateTimeOffset.MinValue;
        var pause = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (sweeper && time.GetUtcNow() >= nextSweepCheck)
                {
                    await TrySweepAsync(stoppingToken);
                    nextSweepCheck = time.GetUtcNow() + SweepCheckInterval;
                }

                var evaluated = await ProcessOnceAsync(options.Value.BatchSize, stoppingToken);
                pause = TimeSpan.FromMilliseconds(200);
                if (evaluated == 0)
                {
                    await signal.WaitAsync(options.Value.RequestPollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The stage never stops the host (ingest runs in it too): it logs, waits and tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (TransientFailures.IsTransient(ex))
                {
                    LogRetry(ex.GetType().Name);
                }
                else
                {
                    LogStageFailed(ex.GetType().Name, ex.StackTrace);
                }

                await Task.Delay(pause, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    /// <summary>Evaluates up to <paramref name="batchSize"/> pending children; returns how many were taken (0: none pending).</summary>
    public async Task<int> ProcessOnceAsync(int batchSize, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(TransientFailures.DatabasePipeline);
        var excluded = new List<Guid>();
        while (true)
        {
            try
            {
                return await pipeline.ExecuteAsync(async token => await EvaluateBatchAsync(batchSize, excluded, null, token), cancellationToken);
            }
            catch (ChildEvaluationException ex)
            {
                // That child is set aside with its error; the rest of the batch is evaluated without it.
                excluded.Add(ex.ChildId);
                await pipeline.ExecuteAsync(async token => await RecordFailureAsync(ex.ChildId, ex.InnerException!, token), cancellationToken);
            }
            catch (EvaluateAloneException ex)
            {
                return await EvaluateEachAloneAsync(ex.Children, cancellationToken);
            }
        }
    }

    /// <summary>Evaluates each child in its own transaction; one that fails is set aside with its error.</summary>
    private async Task<int> EvaluateEachAloneAsync(IReadOnlyList<Guid> children, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(TransientFailures.DatabasePipeline);
        var evaluated = 0;
        foreach (var child in children)
        {
            try
            {
                evaluated += await pipeline.ExecuteAsync(async token => await EvaluateBatchAsync(1, [], [child], token), cancellationToken);
            }
            catch (ChildEvaluationException ex)
            {
                await pipeline.ExecuteAsync(async token => await RecordFailureAsync(ex.ChildId, ex.InnerException!, token), cancellationToken);
            }
        }

        return evaluated;
    }

    /// <summary>Claims up to <paramref name="batchSize"/> pending children (only those of <paramref name="only"/> when given) and evaluates them together.</summary>
    private async Task<int> EvaluateBatchAsync(int batchSize, IReadOnlyCollection<Guid> excluded, IReadOnlyCollection<Guid>? only, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var excludedIds = excluded.ToArray();
        var onlyIds = only?.ToArray();
        var claimed = await db.Database.SqlQuery<Guid>($"""
            WITH pending AS MATERIALIZED (
                (SELECT child_id, id::float8 AS ord FROM flags.evaluation_requests ORDER BY id LIMIT {batchSize * 4})
                UNION ALL
                (SELECT child_id, 0::float8 AS ord FROM person.reevaluation_requests WHERE processed_at IS NULL ORDER BY requested_at LIMIT {batchSize * 4})
            ), candidates AS MATERIALIZED (
                SELECT p.child_id FROM pending p
                WHERE NOT (p.child_id = ANY({excludedIds}::uuid[]))
                  AND ({onlyIds}::uuid[] IS NULL OR p.child_id = ANY({onlyIds}::uuid[]))
                  AND NOT EXISTS (SELECT 1 FROM flags.evaluation_failures f WHERE f.child_id = p.child_id AND f.next_attempt_at > {now})
                GROUP BY p.child_id ORDER BY min(p.ord) LIMIT {batchSize}
            )
            SELECT child_id AS "Value" FROM candidates WHERE pg_try_advisory_xact_lock({ChildLockClass}, hashtext(child_id::text))
            """).ToListAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        // The requests are taken before the pictures are read: what committed before this statement is read below,
        // what commits after it leaves a request for the next evaluation.
        var children = claimed.Order().ToArray();
        var requests = await db.Database.ExecuteSqlAsync(
            $"DELETE FROM flags.evaluation_requests WHERE child_id = ANY({children}::uuid[])", cancellationToken);
        var reviews = await db.Database.SqlQuery<ReviewRequest>($"""
            UPDATE person.reevaluation_requests SET processed_at = {now}
            WHERE processed_at IS NULL AND child_id = ANY({children}::uuid[])
            RETURNING child_id, cause = 'unmerge' AS unmerge
            """).ToListAsync(cancellationToken);
        var linkFoundWrong = reviews.Where(r => r.Unmerge).Select(r => r.ChildId).ToHashSet();

        // The whole batch at once (one query per kind of fact); a failure only one child's facts can cause names it.
        try
        {
            await flags.EvaluateAsync(db, children, cancellationToken, linkFoundWrong);
        }
        catch (Exception ex) when (ex is not ChildEvaluationException && !TransientFailures.IsTransient(ex) && ex is not OperationCanceledException)
        {
            // Not attributable to one child (e.g. a bug in the batch's own reading): the children are taken alone so
            // that only the one that fails is set aside.
            if (children.Length == 1)
            {
                throw new ChildEvaluationException(children[0], ex);
            }

            throw new EvaluateAloneException(children, ex);
        }

        await db.Database.ExecuteSqlAsync($"DELETE FROM flags.evaluation_failures WHERE child_id = ANY({children}::uuid[])", cancellationToken);

        // A reviewer's request is processed when its evaluation is done: the decision's outcome (GET
        // /api/person-merges/{id}) lists the flag versions recorded up to that moment.
        if (reviews.Count > 0)
        {
            var done = time.GetUtcNow();
            await db.Database.ExecuteSqlAsync(
                $"UPDATE person.reevaluation_requests SET processed_at = {done} WHERE processed_at = {now} AND child_id = ANY({children}::uuid[])", cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Notify();
        Telemetry.FlagEvaluations.Add(children.Length);
        Telemetry.FlagRequestsCoalesced.Add(Math.Max(0, requests + reviews.Count - children.Length));
        return children.Length;
    }

    private async Task RecordFailureAsync(Guid childId, Exception failure, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        var now = time.GetUtcNow();
        var existing = await db.EvaluationFailures.FindAsync([childId], cancellationToken);
        var attempts = (existing?.Attempts ?? 0) + 1;
        var backoff = TimeSpan.FromTicks(Math.Min(
            options.Value.FailureBackoff.Ticks * (1L << Math.Min(attempts - 1, 30)),
            options.Value.MaxFailureBackoff.Ticks));
        var error = $"{failure.GetType().Name}: {failure.Message}";
        if (existing is null)
        {
            db.EvaluationFailures.Add(new EvaluationFailure { ChildId = childId, Attempts = attempts, Error = error, FailedAt = now, NextAttemptAt = now + backoff });
        }
        else
        {
            existing.Attempts = attempts;
            existing.Error = error;
            existing.FailedAt = now;
            existing.NextAttemptAt = now + backoff;
        }

        await db.SaveChangesAsync(cancellationToken);
        Telemetry.FlagEvaluationFailures.Add(1);
        LogChildFailed(childId, attempts, failure.GetType().Name, backoff, failure.StackTrace);
    }

    /// <summary>Claims the sweep when it is due (one replica of the deployment wins) and enqueues every child.</summary>
    public async Task<bool> TrySweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var next = now + options.Value.SweepInterval;
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO flags.scheduled_jobs (name, next_run_at) VALUES ({ScheduledJob.Sweep}, {next}) ON CONFLICT (name) DO NOTHING",
            cancellationToken);
        var claimed = await db.Database.ExecuteSqlAsync(
            $"UPDATE flags.scheduled_jobs SET next_run_at = {next}, last_run_at = {now}, last_run_by = {Environment.MachineName} WHERE name = {ScheduledJob.Sweep} AND next_run_at <= {now}",
            cancellationToken);
        if (claimed == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return false;
        }

        var children = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO flags.evaluation_requests (child_id, cause, requested_at) SELECT id, {FlagRequests.Sweep}, {now} FROM linkage.children WHERE merged_into_child_id IS NULL",
            cancellationToken);
        await db.Database.ExecuteSqlAsync($"UPDATE flags.scheduled_jobs SET last_children = {children} WHERE name = {ScheduledJob.Sweep}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSwept(children);
        return true;
    }

    private sealed class ReviewRequest
    {
        public Guid ChildId { get; set; }

        public bool Unmerge { get; set; }
    }

    /// <summary>The batch failed in a way no one child's facts explain: its children are evaluated one at a time.</summary>
    private sealed class EvaluateAloneException(IReadOnlyList<Guid> children, Exception inner) : Exception("The batch's evaluation failed; its children go one at a time.", inner)
    {
        public IReadOnlyList<Guid> Children { get; } = children;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Time-based sweep: {ChildCount} children queued for the flag rules")]
    private partial void LogSwept(int childCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flags stage hit {ExceptionType}; retrying")]
    private partial void LogRetry(string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Flags stage failed with {ExceptionType}; retrying; at {StackTrace}")]
    private partial void LogStageFailed(string exceptionType, string? stackTrace);

    [LoggerMessage(Level = LogLevel.Error, Message = "Flag rules failed for child {ChildId} (attempt {Attempts}, {ExceptionType}); the other children go on; next attempt in {Backoff}; at {StackTrace}")]
    private partial void LogChildFailed(Guid childId, int attempts, string exceptionType, TimeSpan backoff, string? stackTrace);
}
