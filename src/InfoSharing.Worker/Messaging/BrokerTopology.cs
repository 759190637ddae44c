using InfoSharing.Contracts;
using InfoSharing.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace InfoSharing.Worker.Messaging;

/// <summary>
/// Declares the exchanges and queues of the wire contract from configuration. Declarations are idempotent, and the
/// ingest queues are declared exactly as the MassTransit receive endpoints declare them (<see cref="IngestEndpoints"/>),
/// so a replica that does not consume ingest still keeps the queues messages wait in. Every queue is a quorum queue
/// (docs/decisions/0014; existing classic queues: deploy/rabbitmq/README.md).
/// </summary>
public sealed class BrokerTopology(RabbitMqConnection connection, IOptions<MessagingOptions> options)
{
    public static string IngestQueue(string agency) => $"ingest.{agency}";

    public static string RejectedQueue(string agency) => $"ingest.rejected.{agency}";

    public static string FlagRequests(string subscriber) => $"flags.{subscriber}";

    /// <summary>Messages for an agency no queue is bound for (via the ingest exchange's alternate exchange).</summary>
    public const string UnroutedQueue = "ingest.unrouted";

    /// <summary>Rejections for an unknown agency, kept for the operators.</summary>
    public const string RejectedUnroutedQueue = "ingest.rejected.unrouted";

    public const string QuorumQueueType = "quorum";

    /// <summary>The arguments of an ingest queue: quorum, the broker's delivery limit, dead-lettered to the rejected exchange.</summary>
    public static Dictionary<string, object?> IngestQueueArguments(MessagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Dictionary<string, object?>
        {
            ["x-queue-type"] = QuorumQueueType,
            ["x-delivery-limit"] = options.DeliveryLimit,
            ["x-dead-letter-exchange"] = Exchanges.IngestRejected,
        };
    }

    internal static void ApplyIngestQueueArguments(IRabbitMqReceiveEndpointConfigurator endpoint, MessagingOptions options)
    {
        endpoint.SetQuorumQueue();
        endpoint.SetQueueArgument("x-delivery-limit", options.DeliveryLimit);
        endpoint.DeadLetterExchange = Exchanges.IngestRejected;
    }

    private readonly Lock _gate = new();
    private Task? _declared;

    /// <summary>Declares the topology once per process (every later call waits for that one); a failed declaration is tried again.</summary>
    public Task DeclareAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_declared is null || _declared.IsFaulted || _declared.IsCanceled)
            {
                _declared = DeclareNowAsync(cancellationToken);
            }

            return _declared.WaitAsync(cancellationToken);
        }
    }

    private async Task DeclareNowAsync(CancellationToken cancellationToken)
    {
        var conn = await connection.GetAsync(cancellationToken);
        await using var channel = await conn.CreateChannelAsync(cancellationToken: cancellationToken);

        await channel.ExchangeDeclareAsync(Exchanges.Ingest, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(Exchanges.IngestRejected, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(Exchanges.Flags, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);

        // The alternate exchanges themselves; the policies that attach them are in deploy/rabbitmq/definitions.json.
        await channel.ExchangeDeclareAsync(Exchanges.IngestUnrouted, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(Exchanges.IngestRejectedUnrouted, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await TryDeclareIngestQueueAsync(conn, UnroutedQueue, Exchanges.IngestUnrouted, string.Empty, cancellationToken);
        await TryDeclareBoundQueueAsync(conn, RejectedUnroutedQueue, Exchanges.IngestRejectedUnrouted, string.Empty, cancellationToken);

        foreach (var agency in options.Value.Agencies.Keys)
        {
            await TryDeclareBoundQueueAsync(conn, RejectedQueue(agency), Exchanges.IngestRejected, $"{agency}.#", cancellationToken);
            await TryDeclareIngestQueueAsync(conn, IngestQueue(agency), Exchanges.Ingest, $"{agency}.#", cancellationToken);
        }

        foreach (var subscriber in options.Value.Subscribers.Keys)
        {
            await DeclareBoundQueueAsync(channel, FlagRequests(subscriber), Exchanges.Flags, $"{subscriber}.#", cancellationToken);
        }
    }

    /// <summary>
    /// Ingest queues that exist with other arguments (a classic queue of an older deployment): that feed cannot be
    /// consumed until the queue is migrated (deploy/rabbitmq/README.md); readiness names it. The others go on.
    /// </summary>
    public IReadOnlyCollection<string> Misdeclared => _misdeclared.Keys.ToList();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _misdeclared = new(StringComparer.Ordinal);

    /// <summary>A queue now declared as this version declares it (a receive endpoint started on it).</summary>
    public void Declared(string queue) => _misdeclared.TryRemove(queue, out _);

    private async Task TryDeclareIngestQueueAsync(IConnection conn, string queue, string source, string routingKey, CancellationToken cancellationToken)
    {
        await using var channel = await conn.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await DeclareIngestQueueAsync(channel, queue, source, routingKey, cancellationToken);
            _misdeclared.TryRemove(queue, out _);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 406)
        {
            _misdeclared[queue] = true;
        }
    }

    /// <summary>
    /// MassTransit's shape for a receive endpoint: an exchange named as the queue (fanout) delivering to the queue, bound
    /// from the source exchange by the routing key. The routing key the agency published with is kept on the delivery.
    /// </summary>
    private async Task DeclareIngestQueueAsync(IChannel channel, string queue, string source, string routingKey, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, IngestQueueArguments(options.Value), cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, queue, string.Empty, cancellationToken: cancellationToken);
        await channel.ExchangeBindAsync(queue, source, routingKey, cancellationToken: cancellationToken);
    }

    private async Task TryDeclareBoundQueueAsync(IConnection conn, string queue, string exchange, string bindingKey, CancellationToken cancellationToken)
    {
        await using var channel = await conn.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await DeclareBoundQueueAsync(channel, queue, exchange, bindingKey, cancellationToken);
            _misdeclared.TryRemove(queue, out _);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 406)
        {
            // Bound already (an older declaration): messages still route; readiness names it until it is migrated.
            _misdeclared[queue] = true;
        }
    }

    private static async Task DeclareBoundQueueAsync(IChannel channel, string queue, string exchange, string bindingKey, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, object?> { ["x-queue-type"] = QuorumQueueType };
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, exchange, bindingKey, cancellationToken: cancellationToken);
    }
}
