using System.Collections.Concurrent;
using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace InfoSharing.FaultSuite;

/// <summary>
/// Publishes as agency systems would: each agency over its own connection as its own broker user, with
/// <c>user_id</c> set (the broker refuses a user_id that is not the connection's; the worker rejects a message
/// without one), plain AMQP to infosharing.ingest, persistent, with publisher confirms, at a steady rate; a message is
/// done only when the broker confirmed it, and anything unconfirmed when the broker went away is published again
/// with the same message id (at-least-once, as agencies are told to do).
/// </summary>
internal sealed class AgencyPublisher(Func<string, Uri> amqpFor, double rate, TextWriter log)
{
    private const int Window = 50;

    public int Confirmed => _confirmed.Count;

    public int Sends => _sends;

    public int Retries => _retries;

    private readonly ConcurrentDictionary<string, bool> _confirmed = new(StringComparer.Ordinal);
    private int _sends;
    private int _retries;

    public async Task PublishAllAsync(IReadOnlyList<AgencyMessage> messages, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var channels = new Dictionary<string, (IConnection Connection, IChannel Channel)>(StringComparer.Ordinal);
        var next = 0;
        while (next < messages.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // Pace: the window may not run ahead of the offered rate.
                var due = TimeSpan.FromSeconds(next / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }

                var window = messages.Skip(next).Take(Window).ToList();
                var pending = new List<Task>(window.Count);
                foreach (var m in window)
                {
                    var channel = await ChannelAsync(channels, m.Agency, cancellationToken);
                    Interlocked.Increment(ref _sends);
                    var properties = new BasicProperties
                    {
                        MessageId = m.MessageId,
                        ContentType = m.ContentType,
                        Type = m.Type,
                        UserId = m.Agency,
                        DeliveryMode = DeliveryModes.Persistent,
                        Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
                    };
                    pending.Add(channel.BasicPublishAsync("infosharing.ingest", m.RoutingKey, mandatory: false, properties, m.Body, cancellationToken).AsTask());
                }

                await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                foreach (var m in window)
                {
                    _confirmed[$"{m.Agency}/{m.MessageId}"] = true;
                }

                next += window.Count;
            }
            catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or BrokerUnreachableException
                or PublishException or IOException or TimeoutException or System.Net.Sockets.SocketException)
            {
                // The broker went away (or refused the window): the whole window goes again, same ids.
                Interlocked.Add(ref _retries, 1);
                await log.WriteLineAsync($"publisher: {ex.GetType().Name} ({ex.Message}); publishing the window again");
                await DisposeAllAsync(channels);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        await DisposeAllAsync(channels);
    }

    /// <summary>The agency's open channel, connecting as the agency's broker user when there is none.</summary>
    private async Task<IChannel> ChannelAsync(Dictionary<string, (IConnection Connection, IChannel Channel)> channels, string agency, CancellationToken cancellationToken)
    {
        if (channels.TryGetValue(agency, out var open) && open.Channel.IsOpen)
        {
            return open.Channel;
        }

        if (channels.Remove(agency, out var closed))
        {
            await DisposeAsync(closed.Channel, closed.Connection);
        }

        var factory = new ConnectionFactory { Uri = amqpFor(agency), AutomaticRecoveryEnabled = false, ClientProvidedName = $"fault-suite-{agency}" };
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        channels[agency] = (connection, channel);
        return channel;
    }

    private static async Task DisposeAllAsync(Dictionary<string, (IConnection Connection, IChannel Channel)> channels)
    {
        foreach (var (channel, connection) in channels.Values.Select(v => (v.Channel, v.Connection)).ToList())
        {
            await DisposeAsync(channel, connection);
        }

        channels.Clear();
    }

    private static async Task DisposeAsync(IChannel? channel, IConnection? connection)
    {
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Already gone.
        }
    }
}
