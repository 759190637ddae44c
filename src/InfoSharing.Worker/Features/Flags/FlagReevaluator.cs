using InfoSharing.Data;
using InfoSharing.Worker.Features.Ingest;
using InfoSharing.Worker.Features.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace InfoSharing.Worker.Features.Flags;

/// <summary>When the flag rules re-run without a new message.</summary>
public sealed class FlagReevaluationOptions
{
    public const string SectionName = "Flags";

    /// <summary>How often pending re-evaluation requests (from review merges and unmerges) are looked for.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RequestPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often every child is re-evaluated: some rules move with time alone (a man not seen after the grace period,
    /// the was-not-brought window, an infant growing out of "not yet mobile").
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(6);

    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Re-runs the flag rules for children whose picture changed outside ingest: person merges and unmerges decided by a
/// reviewer (person.reevaluation_requests, taken with SKIP LOCKED so replicas share them), and a periodic sweep of
/// every child for the rules that move with time. Each child is evaluated in its own transaction with its outbox rows.
/// </summary>
public sealed partial class FlagReevaluator(
    IServiceScopeFactory scopes,
    FlagService flags,
    OutboxSignal outbox,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<FlagReevaluationOptions> options,
    TimeProvider time,
    ILogger<FlagReevaluator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var nextSweep = time.GetUtcNow() + options.Value.SweepInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ProcessRequestsAsync(20, stoppingToken) > 0)
                {
                }

                if (time.GetUtcNow() >= nextSweep)
                {
                    await SweepAsync(stoppingToken);
                    nextSweep = time.GetUtcNow() + options.Value.SweepInterval;
                }

                await Task.Delay(options.Value.RequestPollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (TransientFailures.IsTransient(ex))
            {
                LogRetry(ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <summary>Takes up to <paramref name="batch"/> pending requests and re-evaluates their children; returns how many.</summary>
    public async Task<int> ProcessRequestsAsync(int batch, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(TransientFailures.DatabasePipeline);
        return await pipeline.ExecuteAsync(
            async token =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var requests = await db.ReevaluationRequests
                    .FromSql($"SELECT * FROM person.reevaluation_requests WHERE processed_at IS NULL ORDER BY requested_at LIMIT {batch} FOR UPDATE SKIP LOCKED")
                    .ToListAsync(token);
                if (requests.Count == 0)
                {
                    return 0;
                }

                foreach (var cause in requests.GroupBy(r => r.Cause == "unmerge"))
                {
                    await flags.EvaluateAsync(db, cause.Select(r => r.ChildId).Distinct().ToList(), token, linkFoundWrong: cause.Key);
                }
                foreach (var request in requests)
                {
                    request.ProcessedAt = time.GetUtcNow();
                }

                await db.SaveChangesAsync(token);
                await transaction.CommitAsync(token);
                outbox.Notify();
                return requests.Count;
            },
            cancellationToken);
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        List<Guid> children;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
            children = await db.Children.Where(c => c.MergedIntoChildId == null).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        var pipeline = pipelines.GetPipeline(TransientFailures.DatabasePipeline);
        foreach (var childId in children)
        {
            await pipeline.ExecuteAsync(
                async token =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
                    await using var transaction = await db.Database.BeginTransactionAsync(token);
                    await flags.EvaluateAsync(db, [childId], token);
                    await db.SaveChangesAsync(token);
                    await transaction.CommitAsync(token);
                },
                cancellationToken);
        }

        outbox.Notify();
        LogSwept(children.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Flag rules re-run for {ChildCount} children (time-based sweep)")]
    private partial void LogSwept(int childCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Flag re-evaluation hit {ExceptionType}; retrying")]
    private partial void LogRetry(string exceptionType);
}
