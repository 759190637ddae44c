using System.Text;
using System.Text.Json;
using InfoSharing.ServiceDefaults;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace InfoSharing.Worker.Features.Outbox;

/// <summary>
/// Publishes a batch of outbox rows on one confirming channel, in order, as <c>mandatory</c>, without waiting for
/// each confirm (the broker keeps a channel's order into each queue), then waits for every answer. After the broker
/// closed the channel because of something published, the next batches go one message at a time until one passes,
/// so that the refusal is pinned on the row that caused it and not on its neighbours.
/// </summary>
public sealed partial class OutboxPublisher(RabbitMqConnection connection, ILogger<OutboxPublisher> logger) : IAsyncDisposable
{
    private IChannel? _channel;
    private ConfirmTracker? _tracker;
    private bool _oneAtATime;

    public async Task<IReadOnlyList<PublishOutcome>> PublishAsync(IReadOnlyList<OutboxRow> rows, TimeSpan confirmTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!_oneAtATime)
        {
            var outcomes = await PublishWindowAsync(rows, confirmTimeout, cancellationToken);
            if (outcomes.Any(o => o.Result == PublishResult.ChannelError))
            {
                // Which of the rows in flight the broker objected to is not known: none is counted; find it one by one.
                _oneAtATime = true;
                LogIsolating(rows.Count);
                return [.. outcomes.Select(o => o.Result == PublishResult.ChannelError ? o with { Result = PublishResult.Unknown } : o)];
            }

            return outcomes;
        }

        var results = new List<PublishOutcome>(rows.Count);
        var refusedStreams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (refusedStreams.Contains(row.Stream))
            {
                results.Add(new PublishOutcome(row, PublishResult.Unknown, "not published: an earlier row of its stream was refused"));
                continue;
            }

            var outcome = (await PublishWindowAsync([row], confirmTimeout, cancellationToken))[0];
            if (outcome.IsRefusal)
            {
                refusedStreams.Add(row.Stream);
            }

            results.Add(outcome);
            if (outcome.Result == PublishResult.Unknown)
            {
                results.AddRange(rows.Skip(results.Count).Select(r => new PublishOutcome(r, PublishResult.Unknown, "not published: the batch stopped")));
                return results;
            }
        }

        if (results.All(o => o.Result == PublishResult.Routed))
        {
            _oneAtATime = false;
        }

        return results;
    }

    private async Task<List<PublishOutcome>> PublishWindowAsync(IReadOnlyList<OutboxRow> rows, TimeSpan confirmTimeout, CancellationToken cancellationToken)
    {
        var (channel, tracker) = await ChannelAsync(cancellationToken);
        var answers = new List<Task<PublishOutcome>>(rows.Count);
        try
        {
            foreach (var row in rows)
            {
                var sequence = await channel.GetNextPublishSequenceNumberAsync(cancellationToken);
                answers.Add(tracker.Track(sequence, row));
                await channel.BasicPublishAsync(row.Exchange, row.RoutingKey, mandatory: true, Properties(row), row.Body, cancellationToken);
            }

            await Task.WhenAll(answers).WaitAsync(confirmTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            tracker.Fail(PublishResult.Unknown, $"no confirm within {confirmTimeout.TotalSeconds:0.#} s");
            await CloseChannelAsync();
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException or ObjectDisposedException)
        {
            // The shutdown handler has usually answered the rows in flight already; anything left is unknown.
            tracker.Fail(PublishResult.Unknown, $"publish failed: {ex.GetType().Name}");
            await CloseChannelAsync();
        }
        catch (OperationCanceledException)
        {
            tracker.Fail(PublishResult.Unknown, "stopping");
            await CloseChannelAsync();
            throw;
        }

        var outcomes = new List<PublishOutcome>(rows.Count);
        foreach (var answer in answers)
        {
            outcomes.Add(await answer);
        }

        outcomes.AddRange(rows.Skip(answers.Count).Select(r => new PublishOutcome(r, PublishResult.Unknown, "not published: the channel closed")));
        if (_channel is { IsOpen: false })
        {
            await CloseChannelAsync();
        }

        return outcomes;
    }

    private static BasicProperties Properties(OutboxRow row)
    {
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Headers) ?? [];
        return new BasicProperties
        {
            MessageId = row.MessageId,
            Type = row.MessageType,
            ContentType = row.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(row.CreatedAt.ToUnixTimeSeconds()),
            Headers = headers.Count == 0 ? null : headers.ToDictionary(h => h.Key, h => (object?)Encoding.UTF8.GetBytes(h.Value)),
        };
    }

    private async Task<(IChannel Channel, ConfirmTracker Tracker)> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } && _tracker is not null)
        {
            return (_channel, _tracker);
        }

        await CloseChannelAsync();
        var conn = await connection.GetAsync(cancellationToken);
        var channel = await conn.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: false),
            cancellationToken);
        var tracker = new ConfirmTracker();
        channel.BasicReturnAsync += tracker.OnReturnAsync;
        channel.BasicAcksAsync += tracker.OnAckAsync;
        channel.BasicNacksAsync += tracker.OnNackAsync;
        channel.ChannelShutdownAsync += tracker.OnShutdownAsync;
        (_channel, _tracker) = (channel, tracker);
        return (channel, tracker);
    }

    private async Task CloseChannelAsync()
    {
        if (_channel is { } channel)
        {
            _channel = null;
            _tracker = null;
            try
            {
                await channel.DisposeAsync();
            }
            catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException or ObjectDisposedException)
            {
                // Already gone with its connection.
            }
        }
    }

    public async ValueTask DisposeAsync() => await CloseChannelAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker closed the outbox channel during a batch of {Count}; publishing one message at a time until the row that caused it is found")]
    private partial void LogIsolating(int count);
}
