using System.ComponentModel.DataAnnotations;

namespace InfoSharing.Worker.Messaging;

/// <summary>Broker topology and limits. Agencies and subscribers are configuration, not code.</summary>
public sealed class MessagingOptions
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
    [Required]
    public List<string> FlagCodes { get; set; } = [];
}

/// <summary>The outbox dispatcher: how often it looks for pending messages and how many it takes at once.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Whether this replica publishes the outbox (stages can be scaled separately).</summary>
    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;
}
