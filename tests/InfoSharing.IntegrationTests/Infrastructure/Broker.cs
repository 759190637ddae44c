using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>A received AMQP message with the properties an agency would read.</summary>
public sealed record ReceivedMessage(byte[] Body, string? MessageId, string? Type, string? ContentType, IReadOnlyDictionary<string, string> Headers)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// Plays the agencies' side of the broker with the plain RabbitMQ client: raw bytes and AMQP properties out,
/// subscriber queues read with basic.get. No InfoSharing code is used to publish or read. Each agency publishes as
/// its own broker user of this run (deploy/rabbitmq/definitions.json: topic permissions, user_id set), as the agency
/// scripts do; queues are read and purged as the run's administrator.
/// </summary>
public sealed class Broker : IAsyncDisposable
{
    /// <summary>Publish as the run's administrator (the broker's guest), which no topic permission restricts.</summary>
    public const string Administrator = "(administrator)";

    public static readonly string[] KnownQueues =
    [
        "ingest.midwifery", "ingest.health-visiting", "ingest.gp", "ingest.housing", "ingest.marac", "ingest.unrouted",
        "ingest.rejected.midwifery", "ingest.rejected.health-visiting", "ingest.rejected.gp", "ingest.rejected.housing",
        "ingest.rejected.marac", "ingest.rejected.unrouted",
        "flags.health-visiting", "flags.midwifery", "flags.gp", "flags.childrens-social-care", "flags.housing",
    ];

    private readonly InfraFixture _infra;
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly Dictionary<string, (IConnection Connection, IChannel Channel)> _publishers = new(StringComparer.Ordinal);

    private Broker(InfraFixture infra, IConnection connection, IChannel channel)
    {
        _infra = infra;
        _connection = connection;
        _channel = channel;
    }

    public static async Task<Broker> ConnectAsync(InfraFixture infra)
    {
        ArgumentNullException.ThrowIfNull(infra);
        var connection = await new ConnectionFactory { Uri = new Uri(infra.RabbitMqUri) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new Broker(infra, connection, channel);
    }

    /// <summary>
    /// Publishes to infosharing.ingest exactly as an agency system would: connected as the routing key's agency's
    /// broker user, with user_id set to it (an unknown agency's key is published by the administrator, without
    /// user_id). <paramref name="timestamp"/> is the AMQP timestamp (when the agency sent it); now unless given.
    /// </summary>
    public Task PublishAsync(
        string routingKey, byte[] body, string? messageId, string? contentType = "application/fhir+json", string? type = null,
        DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(routingKey);
        var agency = routingKey.Split('.')[0];
        return _infra.Definitions.Names.Contains(agency)
            ? PublishAsAsync(agency, setUserId: true, routingKey, body, messageId, contentType, type, timestamp)
            : PublishAsAsync(Administrator, setUserId: false, routingKey, body, messageId, contentType, type, timestamp);
    }

    /// <summary>
    /// Publishes as the definitions user <paramref name="publisher"/> (or <see cref="Administrator"/>), with user_id
    /// set to that user or not set: what a compromised agency system could try. The broker may refuse it (topic
    /// permissions: an <see cref="Exception"/> closing the channel, or user_id not the connection's user).
    /// </summary>
    public async Task PublishAsAsync(
        string publisher, bool setUserId, string routingKey, byte[] body, string? messageId, string? contentType = "application/fhir+json",
        string? type = null, DateTimeOffset? timestamp = null, string? userId = null)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        var channel = await PublisherAsync(publisher);
        var properties = new BasicProperties
        {
            MessageId = messageId,
            ContentType = contentType,
            Type = type,
            UserId = userId ?? (setUserId ? (publisher == Administrator ? new Uri(_infra.RabbitMqUri).UserInfo.Split(':')[0] : _infra.BrokerUser(publisher)) : null),
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp((timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds()),
        };
        await channel.BasicPublishAsync("infosharing.ingest", routingKey, mandatory: false, properties, body);

        // A refused publish closes the channel asynchronously; a synchronous round trip after it surfaces the refusal.
        try
        {
            await channel.BasicQosAsync(0, 0, global: false);
        }
        catch (AlreadyClosedException ex)
        {
            throw new InvalidOperationException($"The broker refused the publish: {channel.CloseReason?.ReplyCode} {channel.CloseReason?.ReplyText}", ex);
        }
    }

    private async Task<IChannel> PublisherAsync(string publisher)
    {
        if (publisher == Administrator)
        {
            return _channel;
        }

        if (_publishers.TryGetValue(publisher, out var open) && open.Channel.IsOpen)
        {
            return open.Channel;
        }

        if (open.Connection is not null)
        {
            await open.Connection.DisposeAsync();
        }

        var connection = await new ConnectionFactory { Uri = new Uri(_infra.RabbitMqUriAs(publisher)) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        _publishers[publisher] = (connection, channel);
        return channel;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for one message; acknowledges it.</summary>
    public async Task<ReceivedMessage?> ReceiveAsync(string queue, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = await _channel.BasicGetAsync(queue, autoAck: true);
            if (result is not null)
            {
                var headers = (result.BasicProperties.Headers ?? new Dictionary<string, object?>())
                    .ToDictionary(h => h.Key, h => h.Value is byte[] b ? Encoding.UTF8.GetString(b) : h.Value?.ToString() ?? string.Empty);
                return new ReceivedMessage(result.Body.ToArray(), result.BasicProperties.MessageId, result.BasicProperties.Type, result.BasicProperties.ContentType, headers);
            }

            await Task.Delay(50);
        }

        return null;
    }

    /// <summary>Receives exactly <paramref name="count"/> messages, failing if fewer arrive in time.</summary>
    public async Task<List<ReceivedMessage>> ReceiveManyAsync(string queue, int count, TimeSpan timeout)
    {
        var messages = new List<ReceivedMessage>();
        var deadline = DateTime.UtcNow + timeout;
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            if (await ReceiveAsync(queue, deadline - DateTime.UtcNow) is { } message)
            {
                messages.Add(message);
            }
        }

        Assert.True(messages.Count == count, $"Expected {count} message(s) on {queue}, received {messages.Count}.");
        return messages;
    }

    /// <summary>Waits until the queue exists and has a consumer, i.e. the worker is listening.</summary>
    public Task WaitForConsumerAsync(string queue, TimeSpan timeout) => WaitForConsumersAsync(queue, timeout, listening: true);

    /// <summary>Waits until the queue exists and has no consumer (a stopped worker's channels are closed at the broker).</summary>
    public Task WaitForNoConsumerAsync(string queue, TimeSpan timeout) => WaitForConsumersAsync(queue, timeout, listening: false);

    private async Task WaitForConsumersAsync(string queue, TimeSpan timeout, bool listening)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var probe = await _connection.CreateChannelAsync();
            try
            {
                var ok = await probe.QueueDeclarePassiveAsync(queue);
                if (ok.ConsumerCount > 0 == listening)
                {
                    return;
                }
            }
            catch (OperationInterruptedException)
            {
                // Not declared yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(listening
            ? $"No consumer on {queue} within {timeout}."
            : $"{queue} still had a consumer after {timeout}, at {DateTime.UtcNow:HH:mm:ss.fff} UTC: {await _infra.DescribeConsumersAsync(queue)}.");
    }

    /// <summary>A classic queue, as deployments before quorum queues declared them.</summary>
    public async Task DeclareClassicQueueAsync(string queue)
    {
        await using var probe = await _connection.CreateChannelAsync();
        await probe.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
    }

    public async Task<uint> CountAsync(string queue)
    {
        await using var probe = await _connection.CreateChannelAsync();
        return (await probe.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    /// <summary>Deletes a queue (a subscriber's queue gone: what the worker publishes for it is unroutable).</summary>
    public async Task DeleteQueueAsync(string queue)
    {
        await using var probe = await _connection.CreateChannelAsync();
        await probe.QueueDeleteAsync(queue);
    }

    /// <summary>Declares a durable quorum queue bound to an exchange, as the worker's topology does.</summary>
    public async Task DeclareQueueAsync(string queue, string exchange, string bindingKey)
    {
        await using var probe = await _connection.CreateChannelAsync();
        await probe.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await probe.QueueBindAsync(queue, exchange, bindingKey);
    }

    public async Task PurgeAllAsync()
    {
        foreach (var queue in KnownQueues)
        {
            await using var probe = await _connection.CreateChannelAsync();
            try
            {
                await probe.QueuePurgeAsync(queue);
            }
            catch (OperationInterruptedException)
            {
                // The queue is declared by the first worker start.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (connection, channel) in _publishers.Values)
        {
            await channel.DisposeAsync();
            await connection.DisposeAsync();
        }

        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
