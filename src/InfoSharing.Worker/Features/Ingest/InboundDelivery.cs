namespace InfoSharing.Worker.Features.Ingest;

/// <summary>One AMQP delivery from an agency, copied out of the client's buffers.</summary>
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
}
