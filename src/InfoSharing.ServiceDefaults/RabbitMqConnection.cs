using RabbitMQ.Client;

namespace InfoSharing.ServiceDefaults;

/// <summary>One broker connection per host, opened on first use and recovered by the client after a failure.</summary>
public sealed class RabbitMqConnection(Uri uri, string clientName, BrokerTls? tls = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } current && IsUsable(current))
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { } opened && IsUsable(opened))
            {
                return opened;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            var factory = new ConnectionFactory
            {
                Uri = uri,
                ClientProvidedName = clientName,
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                RequestedHeartbeat = TimeSpan.FromSeconds(30),
            };
            if (factory.Ssl.Enabled && tls?.Validation is { } validation)
            {
                factory.Ssl.CertificateValidationCallback = validation;
            }

            _connection = await factory.CreateConnectionAsync(cancellationToken);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Open, or closed by the broker or the network and being recovered by the client (IsOpen is false meanwhile):
    /// disposing a recovering connection would take every channel on it, consumers included, with it for good.
    /// Only a connection this application closed is replaced.
    /// </summary>
    private static bool IsUsable(IConnection connection) =>
        connection.IsOpen || connection.CloseReason is { Initiator: not ShutdownInitiator.Application };

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }
}
