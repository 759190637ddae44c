using System.ComponentModel.DataAnnotations;

namespace InfoSharing.Worker.Messaging;

/// <summary>Broker topology and limits. Agencies and subscribers are configuration, not code.</summary>
public sealed class MessagingOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public const string SectionName = "Messaging";

    /// <summary>Largest inbound body accepted, in bytes (default 1 MiB).</summary>
    [Range(1024, 128 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Unacknowledged deliveries per ingest queue.</summary>
    [Range(1, 1000)]
    public ushort Prefetch { get; set; } = 16;

    /// <summary>Deliveries processed at once per ingest queue (per replica).</summary>
    [Range(1, 64)]
    public ushort ConsumerConcurrency { get; set; } = 4;

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
            .Select(problem => new System.ComponentModel.DataAnnotations.ValidationResult($"Messaging:Subscribers: {problem}", [nameof(Subscribers)]));

    /// <summary>
    /// Require the AMQP user_id on every message (production: each agency connects as its own broker user, which the
    /// broker verifies). Off for local development, where tools publish as guest.
    /// </summary>
    public bool RequireUserId { get; set; }

    /// <summary>Whether this replica consumes the ingest queues (stages can be scaled separately).</summary>
    public bool ConsumeIngest { get; set; } = true;
}

public sealed class AgencyFeedOptions
{
    [Required]
    [MinLength(1)]
    public List<string> Kinds { get; set; } = [];
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
