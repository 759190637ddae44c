using System.ComponentModel.DataAnnotations;
using InfoSharing.Domain.Ingest.Limits;

namespace InfoSharing.Worker.Messaging;

/// <summary>Broker topology and limits. Agencies and subscribers are configuration, not code.</summary>
public sealed class MessagingOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public const string SectionName = "Messaging";

    /// <summary>Largest inbound body accepted, in bytes (default 1 MiB).</summary>
    [Range(1024, 128 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Deepest nesting of JSON objects and arrays or XML elements (decision 0017). At most 128: the parsers recurse.</summary>
    [Range(8, 128)]
    public int MaxDepth { get; set; } = MessageLimits.Default.MaxDepth;

    /// <summary>Most JSON values, or XML elements and attributes, in one body.</summary>
    [Range(100, 10_000_000)]
    public int MaxElements { get; set; } = MessageLimits.Default.MaxElements;

    /// <summary>Most entries in a Bundle, or items in any one array.</summary>
    [Range(1, 100_000)]
    public int MaxEntries { get; set; } = MessageLimits.Default.MaxEntries;

    /// <summary>Most people one message may name (each costs a person-index search and its locks).</summary>
    [Range(1, 10_000)]
    public int MaxPersons { get; set; } = MessageLimits.Default.MaxPersons;

    /// <summary>Longest name, postcode or local id of a person, in characters.</summary>
    [Range(16, 10_000)]
    public int MaxTextLength { get; set; } = MessageLimits.Default.MaxTextLength;

    /// <summary>
    /// How long one message may take, from receipt to commit; past it the message is rejected processing-timeout and
    /// the worker moves on. The structural limits keep parsing far inside it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ProcessingDeadline { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The limits the readers apply, from the settings above.</summary>
    public MessageLimits Limits => new()
    {
        MaxDepth = MaxDepth,
        MaxElements = MaxElements,
        MaxEntries = MaxEntries,
        MaxPersons = MaxPersons,
        MaxTextLength = MaxTextLength,
    };

    /// <summary>
    /// Unacknowledged deliveries per ingest queue at least; raised to <see cref="BatchSize"/> times
    /// <see cref="ConsumerConcurrency"/> so that a batch can fill.
    /// </summary>
    [Range(1, 10_000)]
    public ushort Prefetch { get; set; } = 16;

    /// <summary>Batches processed at once per ingest queue (per replica).</summary>
    [Range(1, 64)]
    public ushort ConsumerConcurrency { get; set; } = 2;

    /// <summary>Most messages one ingest batch takes (one transaction, one commit).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a batch waits, from its first message, for more before it is processed anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Deliveries of one message (counted by the broker: the quorum queue's x-delivery-limit, the same for every
    /// replica and kept across restarts) after which the broker dead-letters it to the rejected exchange. Outages do not
    /// count: they are retried in the worker without returning the message.
    /// </summary>
    [Range(2, 1000)]
    public int DeliveryLimit { get; set; } = 20;

    /// <summary>Retries of a batch that hit an outage before its messages go back to the queue (about 4 minutes at the defaults).</summary>
    [Range(1, 10_000)]
    public int OutageRetryLimit { get; set; } = 25;

    /// <summary>How long stopping waits for batches in flight to finish before it returns them to the queue.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest pause between retries of a batch while the database or broker is unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan OutageRetryMaxInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Agency code to the feeds (routing-key kinds) it may send, e.g. midwifery: [fhir].</summary>
    [Required]
    [MinLength(1)]
    public Dictionary<string, AgencyFeedOptions> Agencies { get; set; } = [];

    /// <summary>Subscriber code to the flag codes it receives; each gets a durable queue flags.&lt;subscriber&gt;.</summary>
    [Required]
    public Dictionary<string, SubscriberOptions> Subscribers { get; set; } = [];

    /// <summary>Every subscriber's entitlement must name known flag codes and fields (checked at start).</summary>
    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext) =>
        Subscribers.SelectMany(s => s.Value.ToEntitlement(s.Key).Problems(InfoSharing.Domain.Flags.FlagCatalogue.Default))
            .Select(problem => new System.ComponentModel.DataAnnotations.ValidationResult($"Messaging:Subscribers: {problem}", [nameof(Subscribers)]))
            .Concat(Agencies.GroupBy(a => a.Value.BrokerUser ?? a.Key, StringComparer.Ordinal).Where(g => g.Count() > 1)
                .Select(g => new System.ComponentModel.DataAnnotations.ValidationResult(
                    $"Messaging:Agencies: agencies {string.Join(", ", g.Select(a => a.Key))} share the broker user '{g.Key}'; each agency needs its own (its user_id is its identity).",
                    [nameof(Agencies)])));

    /// <summary>
    /// Require the AMQP user_id on every message (each agency connects as its own broker user, which the broker
    /// verifies; decision 0018). On by default; turn it off only for tools that publish as the broker's administrator.
    /// </summary>
    public bool RequireUserId { get; set; } = true;

    /// <summary>Whether this replica consumes the ingest queues (stages can be scaled separately).</summary>
    public bool ConsumeIngest { get; set; } = true;
}

public sealed class AgencyFeedOptions
{
    [Required]
    [MinLength(1)]
    public List<string> Kinds { get; set; } = [];

    /// <summary>The agency's broker user, whose AMQP user_id is its identity; the agency code when not set.</summary>
    public string? BrokerUser { get; set; }
}

public sealed class SubscriberOptions
{
    /// <summary>The flag codes it receives; empty to take the catalogue's default subscribers for each flag.</summary>
    public List<string> FlagCodes { get; set; } = [];

    /// <summary>Optional fields it may see: man.name, man.birthDate, man.nhsNumber, sources, linkConfidence.</summary>
    public List<string> Fields { get; set; } = [];

    /// <summary>True when what it receives could reach an alleged perpetrator of domestic abuse: it never gets DA-derived flags.</summary>
    public bool MayReachAllegedPerpetrator { get; set; }

    public InfoSharing.Domain.Flags.SubscriberEntitlement ToEntitlement(string subscriber) =>
        new(subscriber, FlagCodes.Count == 0 ? null : FlagCodes, Fields, MayReachAllegedPerpetrator);
}
