using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>Section "Replay": how often the worker looks for failed messages an operator asked to process again.</summary>
public sealed class ReplayOptions
{
    public const string SectionName = "Replay";

    public bool Enabled { get; set; } = true;

    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Processes again the failed messages an operator asked for (POST /api/admin/ingest/failed/replay sets their
/// ReplayRequestedAt), through the same path as the replay command. Replicas may share the work: a replayed row is
/// replaced in the replaying transaction, so a second replica finds it gone or already accepted.
/// </summary>
public sealed partial class ReplayStage(IngestProcessor processor, IOptions<ReplayOptions> options, ILogger<ReplayStage> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var replayed = await processor.ReplayAsync(agency: null, requestedOnly: true, limit: 500, stoppingToken);
                if (replayed.Count > 0)
                {
                    LogReplayed(replayed.Count, replayed.Count(r => r.Outcome == IngestOutcome.Accepted), replayed.Count(r => r.Outcome == IngestOutcome.Failed));
                    continue;
                }

                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Never stops the host: it logs and tries again later.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogReplayFailed(ex.GetType().Name);
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Count} failed messages on request: {Accepted} accepted, {Failed} failed again")]
    private partial void LogReplayed(int count, int accepted, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replaying failed messages hit {ExceptionType}; trying again later")]
    private partial void LogReplayFailed(string exceptionType);
}
