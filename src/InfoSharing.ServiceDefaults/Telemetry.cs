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

    public static readonly Counter<long> OutboxPublished = Meter.CreateCounter<long>("infosharing.outbox.published", description: "Outbox messages published and confirmed");
}
