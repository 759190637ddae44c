using InfoSharing.Contracts;
using InfoSharing.ServiceDefaults;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace InfoSharing.Worker.Messaging;

/// <summary>Declares the exchanges and queues of the wire contract from configuration. Declarations are idempotent.</summary>
public sealed class BrokerTopology(RabbitMqConnection connection, IOptions<MessagingOptions> options)
{
    public static string IngestQueue(string agency) => $"ingest.{agency}";

    public static string RejectedQueue(string agency) => $"ingest.rejected.{agency}";

    public static string FlagQueue(string subscriber) => $"flags.{subscriber}";

    /// <summary>Messages for an agency no queue is bound for (via the ingest exchange's alternate exchange).</summary>
    public const string UnroutedQueue = "ingest.unrouted";

    /// <summary>Rejections for an unknown agency, kept for the operators.</summary>
    public const string RejectedUnroutedQueue = "ingest.rejected.unrouted";

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

        // The alternate exchanges themselves; the policies that attach them are in deploy/rabbitmq/policies.json.
        await channel.ExchangeDeclareAsync(Exchanges.IngestUnrouted, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(Exchanges.IngestRejectedUnrouted, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await DeclareBoundQueueAsync(
            channel, UnroutedQueue, Exchanges.IngestUnrouted, string.Empty, cancellationToken,
            new Dictionary<string, object?> { ["x-dead-letter-exchange"] = Exchanges.IngestRejected });
        await DeclareBoundQueueAsync(channel, RejectedUnroutedQueue, Exchanges.IngestRejectedUnrouted, string.Empty, cancellationToken);

        foreach (var agency in options.Value.Agencies.Keys)
        {
            // A delivery that cannot even be rejected (the last resort in IngestConsumer) is dead-lettered, not lost.
            var deadLetter = new Dictionary<string, object?> { ["x-dead-letter-exchange"] = Exchanges.IngestRejected };
            await DeclareBoundQueueAsync(channel, IngestQueue(agency), Exchanges.Ingest, $"{agency}.#", cancellationToken, deadLetter);
            await DeclareBoundQueueAsync(channel, RejectedQueue(agency), Exchanges.IngestRejected, $"{agency}.#", cancellationToken);
        }

        foreach (var subscriber in options.Value.Subscribers.Keys)
        {
            await DeclareBoundQueueAsync(channel, FlagQueue(subscriber), Exchanges.Flags, $"{subscriber}.#", cancellationToken);
        }
    }

    private static async Task DeclareBoundQueueAsync(
        IChannel channel, string queue, string exchange, string bindingKey, CancellationToken cancellationToken, IDictionary<string, object?>? arguments = null)
    {
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, exchange, bindingKey, cancellationToken: cancellationToken);
    }
}
