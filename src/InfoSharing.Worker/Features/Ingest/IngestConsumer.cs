using System.Diagnostics;
using System.Text;
using InfoSharing.ServiceDefaults;
using InfoSharing.Worker.Messaging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>
/// Consumes each agency's ingest queue with manual acknowledgement. A delivery is acknowledged only after its
/// outcome (accepted, rejected or duplicate) is committed; a transient failure is returned to the queue after a
/// pause; on shutdown unacknowledged deliveries go back to the broker for another replica or the next start.
/// </summary>
public sealed partial class IngestConsumer(
    RabbitMqConnection connection,
    BrokerTopology topology,
    IngestProcessor processor,
    IOptions<MessagingOptions> options,
    ILogger<IngestConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan TransientPause = TimeSpan.FromSeconds(5);

    /// <summary>Rounds of (retried) transient failure one message may have in this replica before it is rejected as poison.</summary>
    private const int MaxTransientRounds = 3;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _transientRounds = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await topology.DeclareAsync(stoppingToken);
        if (!options.Value.ConsumeIngest)
        {
            return;
        }

        var conn = await connection.GetAsync(stoppingToken);
        var channels = new List<IChannel>();
        try
        {
            var queues = options.Value.Agencies.Keys.Select(BrokerTopology.IngestQueue).Append(BrokerTopology.UnroutedQueue);
            foreach (var queue in queues)
            {
                var channel = await conn.CreateChannelAsync(
                    new CreateChannelOptions(false, false, consumerDispatchConcurrency: options.Value.ConsumerConcurrency),
                    stoppingToken);
                channels.Add(channel);
                await channel.BasicQosAsync(0, options.Value.Prefetch, global: false, stoppingToken);
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(channel, delivery, stoppingToken);
                await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stoppingToken);
            }

            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            foreach (var channel in channels)
            {
                await channel.CloseAsync(CancellationToken.None);
                await channel.DisposeAsync();
            }
        }
    }

    private async Task OnReceivedAsync(IChannel channel, BasicDeliverEventArgs args, CancellationToken stoppingToken)
    {
        var delivery = Copy(args);
        using var activity = StartActivity(delivery);
        try
        {
            await processor.ProcessAsync(delivery, stoppingToken);
            await channel.BasicAckAsync(args.DeliveryTag, multiple: false, CancellationToken.None);
            _transientRounds.TryRemove(KeyOf(delivery), out _);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Left unacknowledged: the broker redelivers it when this channel closes.
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex) && NoteTransientFailure(delivery) <= MaxTransientRounds)
        {
            LogTransient(delivery.Agency, delivery.MessageId, ex.GetType().Name);
            await Task.Delay(TransientPause, stoppingToken);
            await channel.BasicNackAsync(args.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex))
        {
            // The same message failed "transiently" round after round: it is poison (for example a conflict that
            // re-running cannot cure), not an outage. Reject it with a reason rather than let it circle forever.
            _transientRounds.TryRemove(KeyOf(delivery), out _);
            await processor.RejectAsPoisonAsync(delivery, ex, stoppingToken);
            await channel.BasicAckAsync(args.DeliveryTag, multiple: false, CancellationToken.None);
        }
#pragma warning disable CA1031 // Last resort: a delivery that could not even be rejected is dead-lettered, never left to block the queue.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogDeadLettered(delivery.Agency, delivery.MessageId, ex.GetType().Name);
            await channel.BasicNackAsync(args.DeliveryTag, multiple: false, requeue: false, CancellationToken.None);
        }
    }

    private int NoteTransientFailure(InboundDelivery delivery) =>
        _transientRounds.AddOrUpdate(KeyOf(delivery), 1, (_, rounds) => rounds + 1);

    private static string KeyOf(InboundDelivery delivery) => $"{delivery.Agency}/{delivery.MessageId}";

    private static InboundDelivery Copy(BasicDeliverEventArgs args)
    {
        var properties = args.BasicProperties;
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties.Headers is not null)
        {
            foreach (var (key, value) in properties.Headers)
            {
                headers[key] = value switch
                {
                    byte[] bytes => Encoding.UTF8.GetString(bytes),
                    null => string.Empty,
                    _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                };
            }
        }

        return new InboundDelivery(
            args.RoutingKey,
            args.Body.ToArray(),
            properties.IsMessageIdPresent() ? properties.MessageId : null,
            properties.IsContentTypePresent() ? properties.ContentType : null,
            properties.IsTypePresent() ? properties.Type : null,
            properties.IsUserIdPresent() ? properties.UserId : null,
            properties.IsTimestampPresent() ? DateTimeOffset.FromUnixTimeSeconds(properties.Timestamp.UnixTime) : null,
            headers,
            args.Redelivered);
    }

    private static Activity? StartActivity(InboundDelivery delivery)
    {
        ActivityContext.TryParse(delivery.Headers.GetValueOrDefault("traceparent"), delivery.Headers.GetValueOrDefault("tracestate"), out var parent);
        return Telemetry.ActivitySource.StartActivity("receive " + delivery.RoutingKey, ActivityKind.Consumer, parent);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} from {Agency} hit a transient failure ({ExceptionType}); returned to the queue")]
    private partial void LogTransient(string agency, string? messageId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Message {MessageId} from {Agency} could not be processed or rejected ({ExceptionType}); dead-lettered")]
    private partial void LogDeadLettered(string agency, string? messageId, string exceptionType);
}
