using InfoSharing.Worker.Features.Ingest;

namespace InfoSharing.Worker.Messaging;

/// <summary>
/// Declares the broker topology at start, and again until the broker answers: a worker started before the broker is
/// not ready (see /health/ready) but does not stop.
/// </summary>
public sealed partial class TopologyDeclarer(BrokerTopology topology, ILogger<TopologyDeclarer> logger) : BackgroundService
{
    private readonly TaskCompletionSource _declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsDeclared => _declared.Task.IsCompletedSuccessfully;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await topology.DeclareAsync(stoppingToken);
                _declared.TrySetResult();
                return;
            }
            catch (Exception ex) when (TransientFailures.IsOutage(ex) || ex is IOException)
            {
                LogBrokerUnavailable(ex.GetType().Name);
                await Task.Delay(pause, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker topology could not be declared ({ExceptionType}); retrying")]
    private partial void LogBrokerUnavailable(string exceptionType);
}
