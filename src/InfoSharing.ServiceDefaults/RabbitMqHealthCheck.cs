using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InfoSharing.ServiceDefaults;

internal sealed class RabbitMqHealthCheck(RabbitMqConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var open = await connection.GetAsync(cancellationToken);
            return open.IsOpen ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The broker connection is closed.");
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The broker is unreachable.", ex);
        }
    }
}
