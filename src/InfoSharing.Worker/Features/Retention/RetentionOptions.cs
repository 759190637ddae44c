using System.ComponentModel.DataAnnotations;

namespace InfoSharing.Worker.Features.Retention;

/// <summary>
/// How long raw bodies are kept (section <c>Retention</c>; decision note 0013). The rows, their metadata and a SHA-256
/// of each body stay; the structured extract and the audit log are kept as the record.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Raw agency message bodies (ingest.inbound_messages.body), accepted or rejected, by time received.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Retention:InboundBodies must be between 1 day and 10 years (e.g. 90.00:00:00).")]
    public TimeSpan InboundBodies { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Bodies of sent outbox messages (flag messages and returned rejections, messaging.outbox.body), by time sent.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Retention:OutboxPayloads must be between 1 day and 10 years (e.g. 30.00:00:00).")]
    public TimeSpan OutboxPayloads { get; set; } = TimeSpan.FromDays(30);
}
