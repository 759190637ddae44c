using System.Globalization;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>One AMQP delivery from an agency, copied out of the client's buffers (or, replayed, from the inbox).</summary>
public sealed record InboundDelivery(
    string RoutingKey,
    byte[] Body,
    string? MessageId,
    string? ContentType,
    string? MessageType,
    string? UserId,
    DateTimeOffset? Timestamp,
    IReadOnlyDictionary<string, string> Headers,
    bool Redelivered)
{
    /// <summary>The agency is the first segment of the routing key (&lt;agency&gt;.&lt;kind&gt;).</summary>
    public string Agency => RoutingKey.Split('.', 2)[0];

    public string Kind => RoutingKey.Split('.', 2) is [_, var kind] ? kind : string.Empty;

    /// <summary>
    /// How many times the broker delivered this message before (the quorum queue's x-delivery-count, the same for every
    /// replica and kept across restarts): 0 on the first delivery.
    /// </summary>
    public int PreviousDeliveries =>
        Headers.TryGetValue("x-delivery-count", out var count) && int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>The inbox row of a failed message this delivery processes again (the replay command and stage).</summary>
    public Guid? ReplacesInboundId { get; init; }

    /// <summary>
    /// Whether a rejection is returned to the sender's rejected queue: true for what an agency published; false for a
    /// record the <c>load</c> command read from a history file (the operator gets the rejections in a report instead).
    /// </summary>
    public bool ReturnRejection { get; init; } = true;
}
