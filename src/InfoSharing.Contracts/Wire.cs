namespace InfoSharing.Contracts;

/// <summary>Exchange names of the wire contract (see contracts/asyncapi.yaml). Agency systems rely on them: never rename.</summary>
public static class Exchanges
{
    /// <summary>Topic exchange agencies publish to, routing key <c>&lt;agency&gt;.&lt;kind&gt;</c>.</summary>
    public const string Ingest = "infosharing.ingest";

    /// <summary>Topic exchange that receives rejected inbound messages unchanged, routing key as sent.</summary>
    public const string IngestRejected = "infosharing.ingest.rejected";

    /// <summary>Fanout exchange set by policy as the alternate of <see cref="Ingest"/>: messages no agency queue is bound for.</summary>
    public const string IngestUnrouted = "infosharing.ingest.unrouted";

    /// <summary>Fanout exchange set by policy as the alternate of <see cref="IngestRejected"/>: rejections for unknown agencies.</summary>
    public const string IngestRejectedUnrouted = "infosharing.ingest.rejected.unrouted";

    /// <summary>Topic exchange that carries flag messages, routing key <c>&lt;subscriber&gt;.&lt;flag-code&gt;</c>.</summary>
    public const string Flags = "infosharing.flags";
}

/// <summary>AMQP header names that InfoSharing sets.</summary>
public static class Headers
{
    /// <summary>Stable, machine-readable rejection code (see <see cref="RejectionCodes"/>).</summary>
    public const string ErrorCode = "x-infosharing-error-code";

    /// <summary>Human-readable rejection reason; never contains personal data.</summary>
    public const string Error = "x-infosharing-error";

    /// <summary>"true" on a rejection sent without the body (message-too-large: the body is neither stored nor returned).</summary>
    public const string BodyOmitted = "x-infosharing-body-omitted";

    /// <summary>On a rejection: the routing key the message was sent with (the rejection itself goes to the sender's queue).</summary>
    public const string RoutingKey = "x-infosharing-routing-key";

    /// <summary>W3C trace context.</summary>
    public const string TraceParent = "traceparent";
}

/// <summary>Content types accepted on the ingest exchange.</summary>
public static class ContentTypes
{
    public const string FhirJson = "application/fhir+json";
    public const string FhirXml = "application/fhir+xml";
    public const string Json = "application/json";
}

/// <summary>AMQP <c>type</c> values of flag messages.</summary>
public static class FlagMessageTypes
{
    public const string Raised = "flag-raised";
    public const string Updated = "flag-updated";
    public const string Withdrawn = "flag-withdrawn";
}
