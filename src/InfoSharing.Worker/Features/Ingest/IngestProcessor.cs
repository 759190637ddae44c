using System.Text.Json;
using InfoSharing.Contracts;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Messaging;
using InfoSharing.Domain.Ingest;
using InfoSharing.ServiceDefaults;
using InfoSharing.Worker.Features.Outbox;
using InfoSharing.Worker.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace InfoSharing.Worker.Features.Ingest;

public enum IngestOutcome
{
    Accepted,
    Rejected,
    Duplicate,
}

/// <summary>
/// Takes one delivery through the inbox: a repeat changes nothing; a valid message is stored and mapped in one
/// transaction; a permanent failure is stored as rejected and sent, unchanged, to the rejected exchange through
/// the outbox with its code and reason. Transient failures are retried here and then left to redelivery.
/// </summary>
public sealed partial class IngestProcessor(
    IServiceScopeFactory scopes,
    IEnumerable<IFeedHandler> handlers,
    IOptions<MessagingOptions> options,
    ResiliencePipelineProvider<string> pipelines,
    OutboxSignal outboxSignal,
    TimeProvider time,
    ILogger<IngestProcessor> logger)
{
    private readonly Dictionary<string, IFeedHandler> _handlers = handlers.ToDictionary(h => h.RoutingKey, StringComparer.Ordinal);

    public async Task<IngestOutcome> ProcessAsync(InboundDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        using var activity = Telemetry.ActivitySource.StartActivity("ingest " + delivery.RoutingKey);
        activity?.SetTag("messaging.message.id", delivery.MessageId);
        activity?.SetTag("infosharing.agency", delivery.Agency);

        var pipeline = pipelines.GetPipeline(TransientFailures.DatabasePipeline);
        MessageRejectedException rejection;

        // No message may hold the worker for long: past the deadline its transaction is cancelled and it is rejected.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.ProcessingDeadline);
        try
        {
            var handler = Validate(delivery);
            var outcome = await pipeline.ExecuteAsync(async token => await AcceptAsync(delivery, handler, token), deadline.Token);
            Count(outcome, delivery);
            return outcome;
        }
        catch (MessageRejectedException ex)
        {
            rejection = ex;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(delivery.Agency, delivery.MessageId, options.Value.ProcessingDeadline);
            rejection = new MessageRejectedException(
                RejectionCodes.ProcessingTimeout,
                $"The message took longer than {options.Value.ProcessingDeadline.TotalSeconds:0} s to process (Messaging:ProcessingDeadline) and was set aside so that it does not hold up other messages. It has been kept; the service operator has been alerted.");
        }
        catch (Exception ex) when (!TransientFailures.IsTransient(ex) && ex is not OperationCanceledException)
        {
            // Not a known permanent failure, but retrying will not cure it either: reject it with a reason so that
            // it never blocks the queue, and keep it (with its body) for investigation.
            LogProcessingFailed(delivery.Agency, delivery.MessageId, ex.GetType().Name, ex.StackTrace);
            rejection = new MessageRejectedException(
                RejectionCodes.ProcessingFailed,
                $"The message could not be processed ({ex.GetType().Name}). It has been kept; the service operator has been alerted.");
        }

        var rejected = await pipeline.ExecuteAsync(async token => await RejectAsync(delivery, rejection, token), cancellationToken);
        Count(rejected, delivery);
        if (rejected == IngestOutcome.Rejected)
        {
            LogRejected(delivery.Agency, delivery.MessageId, rejection.Code);
            outboxSignal.Notify();
        }

        return rejected;
    }

    /// <summary>Rejects a message that failed transiently round after round (see IngestConsumer) with processing-failed.</summary>
    public async Task RejectAsPoisonAsync(InboundDelivery delivery, Exception failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(failure);
        LogProcessingFailed(delivery.Agency, delivery.MessageId, failure.GetType().Name, failure.StackTrace);
        var rejection = new MessageRejectedException(
            RejectionCodes.ProcessingFailed,
            $"The message failed repeatedly ({failure.GetType().Name}) and was set aside so that it does not block the queue. It has been kept; the service operator has been alerted.");
        var pipeline = pipelines.GetPipeline(TransientFailures.DatabasePipeline);
        if (await pipeline.ExecuteAsync(async token => await RejectAsync(delivery, rejection, token), cancellationToken) == IngestOutcome.Rejected)
        {
            Count(IngestOutcome.Rejected, delivery);
            outboxSignal.Notify();
        }
    }

    private IFeedHandler Validate(InboundDelivery delivery)
    {
        if (!options.Value.Agencies.TryGetValue(delivery.Agency, out var agency) || !agency.Kinds.Contains(delivery.Kind)
            || !_handlers.TryGetValue(delivery.RoutingKey, out var handler))
        {
            throw new MessageRejectedException(
                RejectionCodes.UnknownRoutingKey,
                $"No feed is configured for routing key '{delivery.RoutingKey}'.");
        }

        if (delivery.Body.Length > options.Value.MaxMessageBytes)
        {
            throw new MessageRejectedException(
                RejectionCodes.MessageTooLarge,
                $"The body is {delivery.Body.Length} bytes; the limit is {options.Value.MaxMessageBytes} bytes.");
        }

        if (string.IsNullOrWhiteSpace(delivery.MessageId))
        {
            throw new MessageRejectedException(
                RejectionCodes.MissingMessageId,
                "The AMQP message_id property is required so that a redelivery can be recognised.");
        }

        if (delivery.UserId is null && options.Value.RequireUserId)
        {
            throw new MessageRejectedException(
                RejectionCodes.MissingUserId,
                "The AMQP user_id property is required: publish as your agency's own broker user with user_id set to it.");
        }

        if (delivery.UserId is { } user && !string.Equals(AgencyOfUser(user), delivery.Agency, StringComparison.Ordinal))
        {
            throw new MessageRejectedException(
                RejectionCodes.UserIdMismatch,
                $"The message was sent by broker user {Printable(user)}, which may not send for agency '{delivery.Agency}'. It is returned to the sender only.");
        }

        // A missing content_type is read as the feed's default (JSON); parameters such as charset are ignored.
        if (delivery.ContentType is { } contentType && !handler.ContentTypes.Contains(contentType.Split(';')[0].Trim()))
        {
            throw new MessageRejectedException(
                RejectionCodes.UnsupportedContentType,
                $"Content type '{contentType}' is not accepted on {delivery.RoutingKey}; send one of: {string.Join(", ", handler.ContentTypes)}.");
        }

        return handler;
    }

    private async Task<IngestOutcome> AcceptAsync(InboundDelivery delivery, IFeedHandler handler, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await IsDuplicateAsync(db, delivery.Agency, delivery.MessageId, cancellationToken))
        {
            return IngestOutcome.Duplicate;
        }

        // Validate has checked that the sender is the routing key's agency.
        var message = NewInboundMessage(delivery, delivery.Agency, InboundStatus.Accepted, storeBody: true);
        db.InboundMessages.Add(message);
        await handler.HandleAsync(db, message, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (db.ChangeTracker.Entries<OutboxMessage>().Any())
        {
            outboxSignal.Notify();
        }

        return IngestOutcome.Accepted;
    }

    /// <summary>
    /// Who sent the delivery: the agency of the broker user in <c>user_id</c> when it is set (RabbitMQ refuses a
    /// user_id that is not the connection's user), else the routing key's agency (the broker's topic permissions let
    /// each agency's user publish only its own routing keys). A rejection is stored, deduplicated and returned under
    /// the sender, never under the agency a routing key claims: a spoofed message cannot use up another agency's
    /// message ids nor reach its rejected queue.
    /// </summary>
    private string SenderOf(InboundDelivery delivery) => delivery.UserId is { } user ? AgencyOfUser(user) ?? user : delivery.Agency;

    /// <summary>The configured agency whose broker user this is (Messaging:Agencies:&lt;agency&gt;:BrokerUser, default the code).</summary>
    private string? AgencyOfUser(string user) =>
        options.Value.Agencies.FirstOrDefault(a => string.Equals(a.Value.BrokerUser ?? a.Key, user, StringComparison.Ordinal)).Key;

    private async Task<IngestOutcome> RejectAsync(InboundDelivery delivery, MessageRejectedException rejection, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sender = SenderOf(delivery);
        if (await IsDuplicateAsync(db, sender, delivery.MessageId, cancellationToken))
        {
            return IngestOutcome.Duplicate;
        }

        // An oversized body is not kept in the database.
        var storeBody = rejection.Code != RejectionCodes.MessageTooLarge;
        var message = NewInboundMessage(delivery, sender, InboundStatus.Rejected, storeBody);
        message.ErrorCode = rejection.Code;
        message.Error = rejection.Message;
        db.InboundMessages.Add(message);
        db.Record(AuditLog.MessageRejected, "worker:ingest", message.ReceivedAt, [message.Id], new
        {
            inboundMessageId = message.Id,
            agency = sender,
            claimedAgency = sender == delivery.Agency ? null : delivery.Agency,
            messageId = delivery.MessageId,
            routingKey = delivery.RoutingKey,
            errorCode = rejection.Code,
            error = rejection.Message,
        });

        var headers = delivery.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        headers[Headers.ErrorCode] = rejection.Code;
        headers[Headers.Error] = rejection.Message;
        headers["x-infosharing-inbound-id"] = message.Id.ToString();
        headers[Headers.RoutingKey] = delivery.RoutingKey;
        if (!storeBody)
        {
            headers[Headers.BodyOmitted] = "true";
        }

        db.Outbox.Add(new OutboxMessage
        {
            Exchange = Exchanges.IngestRejected,

            // To the sender's own rejected queue (ingest.rejected.<sender>, bound with <sender>.#), whatever it claimed.
            RoutingKey = sender == delivery.Agency ? delivery.RoutingKey : $"{sender}.{delivery.Kind}",
            MessageId = delivery.MessageId ?? message.Id.ToString(),
            MessageType = delivery.MessageType,
            ContentType = delivery.ContentType ?? "application/octet-stream",
            // Nor is it written to the outbox: the rejection says why, the sender holds the body.
            Body = storeBody ? delivery.Body : [],
            Headers = JsonSerializer.Serialize(headers),
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return IngestOutcome.Rejected;
    }

    private static Task<bool> IsDuplicateAsync(InfoSharingDbContext db, string agency, string? messageId, CancellationToken cancellationToken) =>
        messageId is null
            ? Task.FromResult(false)
            : db.InboundMessages.AnyAsync(m => m.Agency == agency && m.MessageId == messageId, cancellationToken);

    private InboundMessage NewInboundMessage(InboundDelivery delivery, string agency, InboundStatus status, bool storeBody) => new()
    {
        Id = Guid.CreateVersion7(),
        Agency = agency,
        MessageId = string.IsNullOrWhiteSpace(delivery.MessageId) ? null : delivery.MessageId,
        RoutingKey = delivery.RoutingKey,
        ContentType = delivery.ContentType,
        MessageType = delivery.MessageType,
        UserId = delivery.UserId,
        SentAt = delivery.Timestamp,
        ReceivedAt = time.GetUtcNow(),
        Headers = JsonSerializer.Serialize(delivery.Headers),
        Body = storeBody ? delivery.Body : [],
        Status = status,
    };

    // A broker user name is not personal data, but keep it printable and short in the reason.
    private static string Printable(string value) =>
        value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') ? $"'{value}'" : "(not shown)";

    private static void Count(IngestOutcome outcome, InboundDelivery delivery)
    {
        var tag = new KeyValuePair<string, object?>("agency", delivery.Agency);
        var counter = outcome switch
        {
            IngestOutcome.Accepted => Telemetry.MessagesAccepted,
            IngestOutcome.Rejected => Telemetry.MessagesRejected,
            _ => Telemetry.MessagesDuplicate,
        };
        counter.Add(1, tag);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected message {MessageId} from {Agency}: {ErrorCode}")]
    private partial void LogRejected(string agency, string? messageId, string errorCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} from {Agency} took longer than {Deadline} and is rejected")]
    private partial void LogTimedOut(string agency, string? messageId, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} from {Agency} failed with {ExceptionType} and is rejected; at {StackTrace}")]
    private partial void LogProcessingFailed(string agency, string? messageId, string exceptionType, string? stackTrace);
}
