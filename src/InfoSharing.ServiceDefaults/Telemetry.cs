using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace InfoSharing.ServiceDefaults;

/// <summary>The service's own trace source and meter. Tags carry internal ids only, never personal data.</summary>
public static class Telemetry
{
    public const string ActivitySourceName = "InfoSharing";
    public const string MeterName = "InfoSharing";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> MessagesAccepted = Meter.CreateCounter<long>("infosharing.ingest.accepted", description: "Inbound messages accepted");

    public static readonly Counter<long> MessagesRejected = Meter.CreateCounter<long>("infosharing.ingest.rejected", description: "Inbound messages rejected");

    public static readonly Counter<long> MessagesFailed = Meter.CreateCounter<long>("infosharing.ingest.failed", description: "Inbound messages set aside as failed (not the message's fault; alert on any)");

    public static readonly Counter<long> MessagesDuplicate = Meter.CreateCounter<long>("infosharing.ingest.duplicate", description: "Inbound redeliveries ignored");

    public static readonly Counter<long> FlagEvaluations = Meter.CreateCounter<long>("infosharing.flags.evaluations", description: "Children evaluated by the flags stage");

    public static readonly Counter<long> FlagRequestsCoalesced = Meter.CreateCounter<long>("infosharing.flags.requests_coalesced", description: "Evaluation requests answered by another request's evaluation of the same child");

    public static readonly Counter<long> FlagEvaluationFailures = Meter.CreateCounter<long>("infosharing.flags.evaluation_failures", description: "Child evaluations that threw and were set aside for a retry with backoff");

    public static readonly Counter<long> OutboxPublished = Meter.CreateCounter<long>("infosharing.outbox.published", description: "Outbox messages the broker confirmed as routed to a queue");

    public static readonly Counter<long> OutboxRefused = Meter.CreateCounter<long>("infosharing.outbox.refused", description: "Outbox publications the broker refused (tag result: unroutable, nacked, channel-error)");

    public static readonly Counter<long> OutboxUnknown = Meter.CreateCounter<long>("infosharing.outbox.unknown", description: "Outbox publications with no answer (connection lost, confirm timeout); published again");

    public static readonly Counter<long> OutboxParked = Meter.CreateCounter<long>("infosharing.outbox.parked", description: "Outbox rows parked at the attempt limit; each holds its stream until released (alert on any)");

    public static readonly Counter<long> OutboxOvertaken = Meter.CreateCounter<long>("infosharing.outbox.overtaken", description: "Outbox messages delivered before an earlier refused message of the same stream");

    private static long _outboxParkedRows;

    /// <summary>Parked outbox rows not yet released, as last counted by the dispatcher.</summary>
    public static readonly ObservableGauge<long> OutboxParkedRows = Meter.CreateObservableGauge(
        "infosharing.outbox.parked_rows", () => Interlocked.Read(ref _outboxParkedRows), description: "Outbox rows parked and not yet released (alert when above 0)");

    public static void SetOutboxParkedRows(long count) => Interlocked.Exchange(ref _outboxParkedRows, count);

    /// <summary>Codings on accepted messages that matched no indicator value set; tags agency and code.system (the codes themselves are at GET /api/terminology/unmapped-codes).</summary>
    public static readonly Counter<long> UnmappedCodes = Meter.CreateCounter<long>("infosharing.terminology.unmapped_codes", description: "Codings on accepted messages that matched no indicator value set");

    /// <summary>Flag versions not sent to a subscriber because nothing it may see changed; tag subscriber.</summary>
    public static readonly Counter<long> FlagVersionsNotSent = Meter.CreateCounter<long>("infosharing.flags.versions_not_sent", description: "Flag versions recorded but not sent to a subscriber: nothing it may see changed");

    public static readonly Histogram<double> AuditSealDelay = Meter.CreateHistogram<double>(
        "infosharing.audit.seal_delay", unit: "s", description: "From an audit entry being recorded to its place in the hash chain");
}
