using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Messaging;

/// <summary>
/// Readiness of the agency feeds: ready only while every feed's receive endpoint (each ingest.&lt;agency&gt; queue and
/// ingest.unrouted) has a live consumer in this replica. MassTransit reports each endpoint's state (ready, faulted,
/// stopping) as it starts, loses its channel or connection, and recovers; the check names the feeds that are down.
/// </summary>
public sealed class FeedConsumerHealth(IOptions<MessagingOptions> options, BrokerTopology topology) : IReceiveEndpointObserver, IHealthCheck
{
    private readonly ConcurrentDictionary<string, bool> _ready = new(StringComparer.Ordinal);

    public Task Ready(ReceiveEndpointReady ready) => Set(ready?.InputAddress, true);

    public Task Stopping(ReceiveEndpointStopping stopping) => Set(stopping?.InputAddress, false);

    public Task Completed(ReceiveEndpointCompleted completed) => Set(completed?.InputAddress, false);

    public Task Faulted(ReceiveEndpointFaulted faulted) => Set(faulted?.InputAddress, false);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (topology.Misdeclared.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(
                $"Queues declared with other arguments (classic queues of an older deployment; see deploy/rabbitmq/README.md): {string.Join(", ", topology.Misdeclared.Order(StringComparer.Ordinal))}."));
        }

        if (!options.Value.ConsumeIngest)
        {
            return Task.FromResult(HealthCheckResult.Healthy("This replica does not consume the agency feeds (Messaging:ConsumeIngest)."));
        }

        var expected = options.Value.Agencies.Keys.Select(BrokerTopology.IngestQueue).Append(BrokerTopology.UnroutedQueue);
        var down = expected.Where(queue => !_ready.GetValueOrDefault(queue)).Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy("Every agency feed has a live consumer.")
            : HealthCheckResult.Unhealthy($"No live consumer on: {string.Join(", ", down)}."));
    }

    private Task Set(Uri? inputAddress, bool ready)
    {
        if (inputAddress is not null)
        {
            var queue = inputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
            _ready[queue] = ready;
            if (ready)
            {
                // MassTransit declared it with its arguments: it is a quorum queue now (migrated).
                topology.Declared(queue);
            }
        }

        return Task.CompletedTask;
    }
}
