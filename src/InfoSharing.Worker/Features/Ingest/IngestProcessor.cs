using System.Diagnostics;
using System.Text.Json;
using InfoSharing.Contracts;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Messaging;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Terminology;
using InfoSharing.ServiceDefaults;
using InfoSharing.Worker.Features.Flags;
using InfoSharing.Worker.Features.Outbox;
using InfoSharing.Worker.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>What replaying one failed message gave.</summary>
public sealed record ReplayResult(Guid InboundMessageId, string Agency, string? MessageId, IngestOutcome Outcome);

public enum IngestOutcome
{
    Accepted,
    Rejected,
    Duplicate,

    /// <summary>Set aside as failed: not the message's fault; kept for the operator and the replay command.</summary>
    Failed,
}

/// <summary>
/// Takes a batch of deliveries through the inbox (docs/decisions/0014). Each is checked and read before the
/// transaction (envelope checks, then the feed's reader); then one transaction for the batch: repeats change nothing,
/// valid messages are stored and written (persons resolved set-based for the whole batch), rejections are stored and
/// sent, unchanged, to the rejected exchange through the outbox with their code and reason; one commit. A message whose
/// writing fails is taken out and retried alone, and the rest of the batch is retried without it, so that one bad
/// message never rejects or delays its neighbours for long. Conflicts between concurrent transactions are retried
/// here; outages are left to the consumer's retry policy.
/// </summary>
public sealed partial class IngestProcessor(
    IServiceScopeFactory scopes,
    IEnumerable<IFeedHandler> handlers,
    ExtractWriter writer,
    FlagSignal flagSignal,
    IOptions<MessagingOptions> options,
    ResiliencePipelineProvider<string> pipelines,
    OutboxSignal outboxSignal,
    Terminology.TerminologyState terminology,
    TimeProvider time,
    ILogger<IngestProcessor> logger)
{
    /// <summary>After this many messages of one batch failed, the rest are taken one by one.</summary>
    private const int MaxIsolationsPerBatch = 3;

    private readonly Dictionary<string, IFeedHandler> _handlers = handlers.ToDictionary(h => h.RoutingKey, StringComparer.Ordinal);

    /// <summary>Takes a batch of deliveries from one queue through the inbox; returns each one's outcome, in order.</summary>
    public async Task<IReadOnlyList<IngestOutcome>> ProcessBatchAsync(IReadOnlyList<InboundDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        // The batch continues every agency's trace (header traceparent) it carries, as links.
        var links = deliveries
            .Select(d => ActivityContext.TryParse(d.Headers.GetValueOrDefault("traceparent"), d.Headers.GetValueOrDefault("tracestate"), out var context) ? context : default)
            .Where(c => c != default)
            .Select(c => new ActivityLink(c))
            .ToList();
        using var activity = Telemetry.ActivitySource.StartActivity("ingest batch", ActivityKind.Consumer, default(ActivityContext), links: links);
        activity?.SetTag("messaging.batch.message_count", deliveries.Count);
        // The value sets in force now (one query per batch): a version imported a moment ago maps this batch on every replica.
        IndicatorTerminology indicators;
        await using (var scope = scopes.CreateAsyncScope())
        {
            indicators = await terminology.RefreshAsync(scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>(), cancellationToken);
        }

        // Reading (parsing FHIR or agency JSON, mapping) is CPU work of each message alone: the batch's bodies are
        // read on every core at once, before its one transaction.
        var prepared = new BatchItem[deliveries.Count];
        Parallel.For(0, deliveries.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i => prepared[i] = Prepare(deliveries[i], indicators));
        var items = prepared.ToList();
        var outcomes = new IngestOutcome?[items.Count];

        // A repeat inside the batch is a duplicate of the first.
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Delivery.MessageId is { Length: > 0 } id && !seen.Add((items[i].Sender, id)))
            {
                outcomes[i] = IngestOutcome.Duplicate;
            }
        }

        // A message the broker delivered before without an outcome may have taken its batch (or the process) down with
        // it: each goes alone, so it cannot do that to its neighbours again.
        foreach (var index in Enumerable.Range(0, items.Count).Where(i => outcomes[i] is null && items[i].Delivery.PreviousDeliveries > 0))
        {
            outcomes[index] = await ProcessAloneAsync(items[index], cancellationToken);
        }

        var pending = Enumerable.Range(0, items.Count).Where(i => outcomes[i] is null).ToList();
        var isolations = 0;
        while (pending.Count > 0)
        {
            if (isolations >= MaxIsolationsPerBatch && pending.Count > 1)
            {
                // Several messages failed in one batch: the rest go one at a time.
                foreach (var index in pending)
                {
                    outcomes[index] = await ProcessAloneAsync(items[index], cancellationToken);
                }

                break;
            }

            var batch = pending.Select(i => items[i]).ToList();
            try
            {
                var committed = await CommitWithRetryAsync(batch, cancellationToken);
                for (var k = 0; k < pending.Count; k++)
                {
                    outcomes[pending[k]] = committed[k];
                }

                break;
            }
            catch (DeadlinePassedException) when (pending.Count > 1)
            {
                // The batch as a whole took too long: one at a time, so that only a message that is slow alone is refused.
                LogBatchTimedOut(pending.Count, options.Value.ProcessingDeadline);
                isolations = MaxIsolationsPerBatch;
            }
            catch (DeadlinePassedException)
            {
                outcomes[pending[0]] = await RejectTimedOutAsync(items[pending[0]], cancellationToken);
                break;
            }
            catch (BatchItemException ex) when (pending.Count > 1)
            {
                // One message's writing failed: it is retried alone, the rest without it.
                isolations++;
                var failed = pending[ex.Item];
                pending.RemoveAt(ex.Item);
                LogIsolated(items[failed].Delivery.Agency, items[failed].Delivery.MessageId, ex.InnerException?.GetType().Name);
                outcomes[failed] = await ProcessAloneAsync(items[failed], cancellationToken);
            }
            catch (Exception ex) when (pending.Count > 1 && IsMessagesFault(ex))
            {
                // A failure no single message can be blamed for (e.g. at the final save): one at a time.
                isolations = MaxIsolationsPerBatch;
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            Count(outcomes[i]!.Value, items[i].Delivery);
        }

        return outcomes.Select(o => o!.Value).ToList();
    }

    /// <summary>
    /// Processes messages set aside as failed again, from the body and properties kept in the inbox, exactly as if they
    /// had just arrived (the envelope checks, the reader, the batch): <paramref name="requestedOnly"/> takes only those an
    /// operator asked for (ReplayRequestedAt); otherwise those of <paramref name="agency"/> (all agencies when null).
    /// </summary>
    public async Task<IReadOnlyList<ReplayResult>> ReplayAsync(string? agency, bool requestedOnly, int limit, CancellationToken cancellationToken)
    {
        List<InboundMessage> failed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
            failed = await db.InboundMessages.AsNoTracking()
                .Where(m => m.Status == InboundStatus.Failed && (agency == null || m.Agency == agency) && (!requestedOnly || m.ReplayRequestedAt != null))
                .OrderBy(m => m.ReceivedAt)
                .Take(limit)
                .ToListAsync(cancellationToken);
        }

        var results = new List<ReplayResult>(failed.Count);
        foreach (var chunk in failed.Chunk(options.Value.BatchSize))
        {
            var deliveries = chunk.Select(m => new InboundDelivery(
                m.RoutingKey, m.Body, m.MessageId, m.ContentType, m.MessageType, m.UserId, m.SentAt,
                JsonSerializer.Deserialize<Dictionary<string, string>>(m.Headers) ?? [], Redelivered: true) { ReplacesInboundId = m.Id }).ToList();
            var outcomes = await ProcessBatchAsync(deliveries, cancellationToken);
            results.AddRange(chunk.Select((m, i) => new ReplayResult(m.Id, m.Agency, m.MessageId, outcomes[i])));
        }

        return results;
    }

    /// <summary>One delivery through the inbox on its own (a batch of one).</summary>
    public async Task<IngestOutcome> ProcessAsync(InboundDelivery delivery, CancellationToken cancellationToken) =>
        (await ProcessBatchAsync([delivery], cancellationToken))[0];

    private async Task<IngestOutcome> ProcessAloneAsync(BatchItem item, CancellationToken cancellationToken)
    {
        try
        {
            return (await CommitWithRetryAsync([item], cancellationToken))[0];
        }
        catch (DeadlinePassedException)
        {
            return await RejectTimedOutAsync(item, cancellationToken);
        }
        catch (Exception ex) when (IsMessagesFault(ex))
        {
            var failure = ex is BatchItemException { InnerException: { } inner } ? inner : ex;
            return await SetAsideAsync(item, failure, cancellationToken);
        }
    }

    /// <summary>
    /// A message that took longer than Messaging:ProcessingDeadline on its own: its transaction was cancelled; it is
    /// rejected processing-timeout (kept with its body, returned to the sender) so that it never holds up the queue.
    /// </summary>
    private async Task<IngestOutcome> RejectTimedOutAsync(BatchItem item, CancellationToken cancellationToken)
    {
        LogTimedOut(item.Delivery.Agency, item.Delivery.MessageId, options.Value.ProcessingDeadline);
        var rejection = new MessageRejectedException(
            RejectionCodes.ProcessingTimeout,
            $"The message took longer than {options.Value.ProcessingDeadline.TotalSeconds:0} s to process (Messaging:ProcessingDeadline) and was set aside so that it does not hold up other messages. It has been kept; the service operator has been alerted.");
        return (await CommitWithRetryAsync([item with { Extract = null, Failure = null, Rejection = rejection }], cancellationToken))[0];
    }

    /// <summary>The batch's transaction was cancelled at Messaging:ProcessingDeadline.</summary>
    private sealed class DeadlinePassedException(Exception inner) : Exception("The processing deadline passed.", inner);

    /// <summary>A failure that retrying the transaction cannot cure and that is not an outage or a stop.</summary>
    private static bool IsMessagesFault(Exception ex) =>
        ex is not OperationCanceledException && !TransientFailures.IsTransient(ex is BatchItemException { InnerException: { } inner } ? inner : ex);

    /// <summary>
    /// Sets aside a message whose processing failed with an error that is not the message's fault (a bug of ours, or
    /// a conflict that would not clear): stored as failed with its body and the error for the operator, not answered
    /// as a rejection, and processed again by the replay command or stage once the cause is fixed.
    /// </summary>
    private async Task<IngestOutcome> SetAsideAsync(BatchItem item, Exception failure, CancellationToken cancellationToken)
    {
        LogSetAside(item.Delivery.Agency, item.Delivery.MessageId, failure.GetType().Name, failure.StackTrace);
        return (await CommitWithRetryAsync([item with { Extract = null, Rejection = null, Failure = failure }], cancellationToken))[0];
    }

    private async Task<IReadOnlyList<IngestOutcome>> CommitWithRetryAsync(IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(TransientFailures.DatabasePipeline);

        // No batch may hold the worker for long: past the deadline its transaction is cancelled (ProcessBatchAsync then
        // takes its messages one at a time, and a message that still takes too long alone is rejected).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.ProcessingDeadline);
        IReadOnlyList<IngestOutcome> outcomes;
        try
        {
            outcomes = await pipeline.ExecuteAsync(async token => await CommitAsync(items, token), deadline.Token);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DeadlinePassedException(ex);
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (outcomes[i] == IngestOutcome.Rejected)
            {
                LogRejected(items[i].Delivery.Agency, items[i].Delivery.MessageId, items[i].Rejection!.Code);
            }
        }

        if (outcomes.Any(o => o == IngestOutcome.Rejected))
        {
            outboxSignal.Notify();
        }

        if (outcomes.Any(o => o == IngestOutcome.Accepted))
        {
            flagSignal.Notify();
        }

        return outcomes;
    }

    /// <summary>The batch's one transaction.</summary>
    private async Task<IReadOnlyList<IngestOutcome>> CommitAsync(IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // A message set aside as failed is not a duplicate: a new delivery of it (or a replay) takes its place.
        await RemoveFailedAsync(db, items, cancellationToken);
        var duplicates = await DuplicatesAsync(db, items, cancellationToken);
        var outcomes = new IngestOutcome[items.Count];
        var accepted = new List<(int Item, InboundMessage Message, AgencyExtract Extract)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Delivery.MessageId is { } id && duplicates.Contains((item.Sender, id)))
            {
                outcomes[i] = IngestOutcome.Duplicate;
            }
            else if (item.Failure is { } failure)
            {
                AddFailure(db, item, failure);
                outcomes[i] = IngestOutcome.Failed;
            }
            else if (item.Rejection is { } rejection)
            {
                AddRejection(db, item, rejection);
                outcomes[i] = IngestOutcome.Rejected;
            }
            else
            {
                var message = item.NewMessage(InboundStatus.Accepted, storeBody: true);
                db.InboundMessages.Add(message);
                accepted.Add((i, message, item.Extract!));
                outcomes[i] = IngestOutcome.Accepted;
            }
        }

        if (accepted.Count > 0)
        {
            var batch = new IngestBatch();
            var people = await writer.ResolvePeopleAsync(db, batch, accepted, cancellationToken);
            for (var k = 0; k < accepted.Count; k++)
            {
                var (item, message, extract) = accepted[k];
                try
                {
                    await writer.WriteAsync(db, batch, message, extract, people[k], cancellationToken);
                }
                catch (Exception ex) when (!TransientFailures.IsTransient(ex) && ex is not OperationCanceledException and not BatchItemException)
                {
                    throw new BatchItemException(item, ex);
                }
            }

            // Everything the batch said is written; the flags stage re-reads the picture of every child it touched (the
            // children it named, and every child of, or linked to, anyone it named). Found after the persons were
            // locked, so a concurrent message about the same person is either seen here or sees this one.
            await db.FlushKeepingAuditPendingAsync(cancellationToken);
            await batch.People.WriteBlockingKeysAsync(db, cancellationToken);
            var children = await FlagService.AffectedChildrenAsync(db, batch.TouchedPersons, batch.TouchedChildren, cancellationToken);
            await FlagRequests.EnqueueAsync(db, children, FlagRequests.Ingest, time.GetUtcNow(), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    /// <summary>The envelope checks and the feed's reader, before any transaction; a permanent failure becomes the item's rejection.</summary>
    private BatchItem Prepare(InboundDelivery delivery, IndicatorTerminology indicators)
    {
        var item = new BatchItem(delivery, SenderOf(delivery), time.GetUtcNow(), Guid.CreateVersion7());
        try
        {
            var handler = Validate(delivery);
            return item with { Extract = handler.Read(item.NewMessage(InboundStatus.Accepted, storeBody: true), indicators) };
        }
        catch (MessageRejectedException ex)
        {
            return item with { Rejection = ex };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not a known rejection: a reader that throws anything else has a bug of ours, which is not the agency's
            // fault. The message is set aside as failed (never blocking the queue) until the fix is deployed and it is replayed.
            LogSetAside(delivery.Agency, delivery.MessageId, ex.GetType().Name, ex.StackTrace);
            return item with { Failure = ex };
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

    private static async Task<HashSet<(string, string)>> DuplicatesAsync(InfoSharingDbContext db, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        var agencies = items.Where(i => i.Delivery.MessageId is not null).Select(i => i.Sender).ToArray();
        var ids = items.Where(i => i.Delivery.MessageId is not null).Select(i => i.Delivery.MessageId!).ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        var found = await db.Database
            .SqlQuery<InboxKey>($"SELECT m.agency, m.message_id FROM ingest.inbound_messages m JOIN unnest({agencies}::text[], {ids}::text[]) AS k(agency, message_id) ON m.agency = k.agency AND m.message_id = k.message_id")
            .ToListAsync(cancellationToken);
        return found.Select(k => (k.Agency, k.MessageId)).ToHashSet();
    }

    private static async Task RemoveFailedAsync(InfoSharingDbContext db, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        var agencies = items.Where(i => i.Delivery.MessageId is not null).Select(i => i.Sender).ToArray();
        var ids = items.Where(i => i.Delivery.MessageId is not null).Select(i => i.Delivery.MessageId!).ToArray();
        var replaced = items.Select(i => i.Delivery.ReplacesInboundId).OfType<Guid>().ToArray();
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM ingest.inbound_messages m
            WHERE m.status = 'Failed'
              AND (m.id = ANY({replaced}::uuid[])
                   OR (m.agency, m.message_id) IN (SELECT k.agency, k.message_id FROM unnest({agencies}::text[], {ids}::text[]) AS k(agency, message_id)))
            """, cancellationToken);
    }

    private static void AddFailure(InfoSharingDbContext db, BatchItem item, Exception failure)
    {
        var message = item.NewMessage(InboundStatus.Failed, storeBody: true);
        message.ErrorCode = RejectionCodes.ProcessingFailed;
        message.Error = "InfoSharing could not process this message because of a fault on its side, not in the message. It has been kept and will be processed again once the fault is fixed; there is no need to send it again.";
        message.FailureDetail = Truncate($"{failure.GetType().FullName}: {failure.Message}\n{failure.StackTrace}", 8000);
        db.InboundMessages.Add(message);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private void AddRejection(InfoSharingDbContext db, BatchItem item, MessageRejectedException rejection)
    {
        var delivery = item.Delivery;
        var sender = item.Sender;

        // An oversized body is not kept in the database.
        var storeBody = rejection.Code != RejectionCodes.MessageTooLarge;
        var message = item.NewMessage(InboundStatus.Rejected, storeBody);
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

        if (!delivery.ReturnRejection)
        {
            return;
        }

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
    }

    private sealed class InboxKey
    {
        public required string Agency { get; set; }

        public required string MessageId { get; set; }
    }

    /// <summary>One delivery of a batch: what reading it gave (an extract, or a rejection), with the inbox row's id and time fixed.</summary>
    /// <summary>
    /// One delivery of a batch: what reading it gave (an extract, or a rejection), with the inbox row's id and time
    /// fixed, and its sender (<see cref="SenderOf"/>), under whom its inbox row is stored and deduplicated.
    /// </summary>
    private sealed record BatchItem(InboundDelivery Delivery, string Sender, DateTimeOffset ReceivedAt, Guid InboundId)
    {
        public AgencyExtract? Extract { get; init; }

        public MessageRejectedException? Rejection { get; init; }

        /// <summary>A failure that is not the message's fault: the item is stored as failed.</summary>
        public Exception? Failure { get; init; }

        /// <summary>A fresh inbox row for this delivery (a retried transaction gets a new one with the same id).</summary>
        public InboundMessage NewMessage(InboundStatus status, bool storeBody) => new()
        {
            Id = InboundId,
            Agency = Sender,
            MessageId = string.IsNullOrWhiteSpace(Delivery.MessageId) ? null : Delivery.MessageId,
            RoutingKey = Delivery.RoutingKey,
            ContentType = Delivery.ContentType,
            MessageType = Delivery.MessageType,
            UserId = Delivery.UserId,
            SentAt = Delivery.Timestamp,
            ReceivedAt = ReceivedAt,
            Headers = JsonSerializer.Serialize(Delivery.Headers),
            Body = storeBody ? Delivery.Body : [],
            Status = status,
        };
    }

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
            IngestOutcome.Failed => Telemetry.MessagesFailed,
            _ => Telemetry.MessagesDuplicate,
        };
        counter.Add(1, tag);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected message {MessageId} from {Agency}: {ErrorCode}")]
    private partial void LogRejected(string agency, string? messageId, string errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} from {Agency} failed inside its batch ({ExceptionType}); retried alone, the batch without it")]
    private partial void LogIsolated(string agency, string? messageId, string? exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} from {Agency} failed with {ExceptionType} and is set aside as failed (replay it once the fault is fixed); at {StackTrace}")]
    private partial void LogSetAside(string agency, string? messageId, string exceptionType, string? stackTrace);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} from {Agency} took longer than {Deadline} on its own and is rejected processing-timeout")]
    private partial void LogTimedOut(string agency, string? messageId, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} messages took longer than {Deadline}; each is processed alone")]
    private partial void LogBatchTimedOut(int count, TimeSpan deadline);
}
