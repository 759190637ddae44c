using System.Text;
using System.Text.Json;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Messaging;
using InfoSharing.ServiceDefaults;
using InfoSharing.Worker.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace InfoSharing.Worker.Features.Outbox;

/// <summary>
/// Publishes committed outbox rows in id order with publisher confirms, and stamps each one sent (and its
/// disclosure) only after the broker confirmed it. A crash between confirm and stamp republishes the same
/// message id, which receivers ignore; nothing committed is lost and nothing uncommitted is sent.
/// One replica at a time dispatches (a transaction-scoped advisory lock) so that order holds.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    RabbitMqConnection connection,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>Arbitrary, fixed key for pg_try_advisory_xact_lock: "outbox" in ASCII.</summary>
    private const long DispatchLockKey = 0x6F7574626F78;

    private IChannel? _channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await DispatchBatchAsync(stoppingToken);
                if (published < options.Value.BatchSize)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDispatchFailed(ex.GetType().Name, ex.Message);
                await CloseChannelAsync();
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }

        await CloseChannelAsync();
    }

    /// <summary>Publishes one batch; returns how many messages the broker confirmed.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var locked = await db.Database
            .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({DispatchLockKey}) AS \"Value\"")
            .SingleAsync(cancellationToken);
        if (!locked)
        {
            return 0;
        }

        var pending = await db.Outbox
            .FromSql($"SELECT * FROM messaging.outbox WHERE sent_at IS NULL ORDER BY id LIMIT {options.Value.BatchSize} FOR UPDATE")
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return 0;
        }

        var channel = await GetChannelAsync(cancellationToken);
        var published = 0;
        foreach (var message in pending)
        {
            try
            {
                await channel.BasicPublishAsync(message.Exchange, message.RoutingKey, mandatory: false, Properties(message), message.Body, cancellationToken);
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.PublishException or RabbitMQ.Client.Exceptions.AlreadyClosedException or IOException)
            {
                // Stop at the first failure so that a later message never overtakes this one.
                message.Attempts++;
                message.LastError = ex.GetType().Name;
                LogPublishFailed(message.Id, message.MessageId, ex.GetType().Name);
                await CloseChannelAsync();
                break;
            }

            var sentAt = time.GetUtcNow();
            message.SentAt = sentAt;
            message.Attempts++;
            var disclosure = await db.Disclosures.FirstOrDefaultAsync(d => d.MessageId == message.MessageId && d.SentAt == null, cancellationToken);
            if (disclosure is not null)
            {
                disclosure.SentAt = sentAt;
                db.Record(AuditLog.Disclosure, "worker:outbox", sentAt, [disclosure.FlagId, disclosure.Id], new
                {
                    disclosureId = disclosure.Id,
                    flagId = disclosure.FlagId,
                    flagVersion = disclosure.FlagVersion,
                    subscriber = disclosure.Subscriber,
                    messageId = message.MessageId,
                    exchange = message.Exchange,
                    routingKey = message.RoutingKey,
                    sentAt,
                });
            }
            published++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Telemetry.OutboxPublished.Add(published);
        return published;
    }

    private static BasicProperties Properties(OutboxMessage message)
    {
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(message.Headers) ?? [];
        return new BasicProperties
        {
            MessageId = message.MessageId,
            Type = message.MessageType,
            ContentType = message.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(message.CreatedAt.ToUnixTimeSeconds()),
            Headers = headers.ToDictionary(h => h.Key, h => (object?)Encoding.UTF8.GetBytes(h.Value)),
        };
    }

    private async Task<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        var conn = await connection.GetAsync(cancellationToken);
        _channel = await conn.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        return _channel;
    }

    private async Task CloseChannelAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
            _channel = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {OutboxId} ({MessageId}) was not confirmed: {ExceptionType}; it will be retried")]
    private partial void LogPublishFailed(long outboxId, string messageId, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed with {ExceptionType}: {Reason}; retrying")]
    private partial void LogDispatchFailed(string exceptionType, string reason);
}
