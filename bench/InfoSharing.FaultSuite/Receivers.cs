using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace InfoSharing.FaultSuite;

/// <summary>One message id received on one queue: how many copies arrived (a redelivery is another copy).</summary>
internal sealed class Received(string queue, string messageId, string? type)
{
    private int _copies;

    public string Queue { get; } = queue;

    public string MessageId { get; } = messageId;

    public string? Type { get; } = type;

    public int Copies => _copies;

    public void Add() => Interlocked.Increment(ref _copies);
}

/// <summary>
/// Plays the subscribers and the agencies reading their rejections: consumes every flags.&lt;subscriber&gt; and
/// ingest.rejected.&lt;agency&gt; queue with manual acknowledgement, through broker restarts (the client recovers
/// the connection and the consumers), and counts every copy of every message id.
/// </summary>
internal sealed class Receivers(Uri amqp) : IAsyncDisposable
{
    public static readonly string[] Subscribers = ["health-visiting", "midwifery", "gp", "childrens-social-care", "housing"];
    public static readonly string[] Agencies = ["midwifery", "health-visiting", "gp", "housing", "marac"];

    private readonly ConcurrentDictionary<(string Queue, string MessageId), Received> _received = new();
    private IConnection? _connection;
    private long _lastTicks = DateTime.UtcNow.Ticks;
    private long _flagCopies;

    public IReadOnlyCollection<Received> All => [.. _received.Values];

    /// <summary>When the last message arrived (any queue).</summary>
    public DateTime LastArrival => new(Interlocked.Read(ref _lastTicks), DateTimeKind.Utc);

    /// <summary>Copies received on flag queues so far.</summary>
    public long FlagCopies => Interlocked.Read(ref _flagCopies);

    public async Task StartAsync()
    {
        var factory = new ConnectionFactory
        {
            Uri = amqp,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
            ClientProvidedName = "fault-suite-subscribers",
        };
        _connection = await factory.CreateConnectionAsync();
        foreach (var queue in Subscribers.Select(s => $"flags.{s}").Concat(Agencies.Select(a => $"ingest.rejected.{a}")))
        {
            var channel = await _connection.CreateChannelAsync();
            await channel.BasicQosAsync(0, 200, false);
            var consumer = new AsyncEventingBasicConsumer(channel);
            var name = queue;
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                var id = delivery.BasicProperties.MessageId ?? "(none)";
                _received.GetOrAdd((name, id), key => new Received(key.Queue, key.MessageId, delivery.BasicProperties.Type)).Add();
                if (name.StartsWith("flags.", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _flagCopies);
                }

                Interlocked.Exchange(ref _lastTicks, DateTime.UtcNow.Ticks);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            };
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
