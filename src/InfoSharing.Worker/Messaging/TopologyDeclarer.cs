using InfoSharing.Worker.Features.Ingest;

namespace InfoSharing.Worker.Messaging;

/// <summary>
/// Declares the broker topology at start, before MassTransit's bus starts consuming (it is registered first), so that
/// nothing is consumed while a queue it may publish to (a rejected queue, a flag queue) is missing. While the broker
/// does not answer it retries; the host is not ready meanwhile (/health/ready) and stopping ends the wait.
/// </summary>
public sealed partial class TopologyDeclarer(BrokerTopology topology, ILogger<TopologyDeclarer> logger) : IHostedService
{
    public bool IsDeclared { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                await topology.DeclareAsync(cancellationToken);
                IsDeclared = true;
                return;
            }
            catch (Exception ex) when (TransientFailures.IsOutage(ex) || ex is IOException)
            {
                LogBrokerUnavailable(ex.GetType().Name);
                await Task.Delay(pause, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker topology could not be declared ({ExceptionType}); retrying")]
    private partial void LogBrokerUnavailable(string exceptionType);
}
