using InfoSharing.Data.Audit;
using InfoSharing.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Features.Audit;

/// <summary>
/// Hosts the <see cref="AuditSealer"/>: becomes the database's sealer when no other replica is, then seals new
/// entries every <see cref="AuditSealerOptions.PollInterval"/> (at once again while a round comes back full). On any
/// failure it closes its connection, which frees the leadership for another replica, and tries again. While it
/// leads it writes the chain's checkpoints (<see cref="AuditCheckpointWriter"/>), and a last one when it stops.
/// </summary>
public sealed partial class AuditSealingService(
    IConfiguration configuration,
    IOptions<AuditSealerOptions> options,
    AuditKeyRing keys,
    AuditCheckpointWriter checkpoints,
    TimeProvider time,
    ILogger<AuditSealingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var connectionString = configuration.GetConnectionString("Postgres")!;
        AuditSealer? sealer = null;
        SealRound? last = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    sealer ??= await LeadAsync(connectionString, stoppingToken);
                    if (sealer is null)
                    {
                        await Task.Delay(settings.LeaderRetryInterval, stoppingToken);
                        continue;
                    }

                    var round = await sealer.SealAsync(settings.BatchSize, stoppingToken);
                    last = round;
                    foreach (var delay in round.Delays)
                    {
                        Telemetry.AuditSealDelay.Record(delay.TotalSeconds);
                    }

                    await checkpoints.MaybeWriteAsync(round.HeadSeq, round.HeadHash, force: false, stoppingToken);

                    if (!round.Full)
                    {
                        await Task.Delay(settings.PollInterval, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSealingFailed(ex.GetType().Name, ex.Message);
                    if (sealer is not null)
                    {
                        await sealer.DisposeAsync();
                        sealer = null;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
        }
        finally
        {
            if (sealer is not null)
            {
                await WriteLastCheckpointAsync(last);
                await sealer.DisposeAsync();
            }
        }
    }

    /// <summary>The head as this sealer left it (the host is stopping: no token to honour, and nothing to retry).</summary>
    private async Task WriteLastCheckpointAsync(SealRound? last)
    {
        try
        {
            await checkpoints.MaybeWriteAsync(last?.HeadSeq, last?.HeadHash, force: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCheckpointFailed(ex.GetType().Name, ex.Message);
        }
    }

    private async Task<AuditSealer?> LeadAsync(string connectionString, CancellationToken cancellationToken)
    {
        var sealer = await AuditSealer.TryLeadAsync(connectionString, keys, time, cancellationToken);
        if (sealer is not null)
        {
            LogLeading();
        }

        return sealer;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica now seals the audit chain")]
    private partial void LogLeading();

    [LoggerMessage(Level = LogLevel.Error, Message = "The last audit checkpoint could not be written ({ExceptionType}: {Reason})")]
    private partial void LogCheckpointFailed(string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit sealing failed ({ExceptionType}: {Reason}); leadership released, retrying")]
    private partial void LogSealingFailed(string exceptionType, string reason);
}
