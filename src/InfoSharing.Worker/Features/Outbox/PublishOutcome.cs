namespace InfoSharing.Worker.Features.Outbox;

/// <summary>A pending outbox row as the dispatcher publishes it.</summary>
public sealed record OutboxRow(
    long Id,
    string Stream,
    string Exchange,
    string RoutingKey,
    string MessageId,
    string? MessageType,
    string ContentType,
    byte[] Body,
    string Headers,
    DateTimeOffset CreatedAt,
    int Attempts);

/// <summary>What the broker said about one published row.</summary>
public enum PublishResult
{
    /// <summary>Confirmed and routed to at least one queue: delivered.</summary>
    Routed,

    /// <summary>Returned as unroutable (mandatory, no queue bound): not delivered; counts as a refusal.</summary>
    Unroutable,

    /// <summary>Negatively confirmed by the broker: not delivered; counts as a refusal.</summary>
    Nacked,

    /// <summary>The broker closed the channel on this row (e.g. no such exchange): not delivered; counts as a refusal.</summary>
    ChannelError,

    /// <summary>The connection failed or no confirm came in time: maybe delivered; published again, not counted.</summary>
    Unknown,
}

public sealed record PublishOutcome(OutboxRow Row, PublishResult Result, string? Error)
{
    /// <summary>Refusals count towards parking; an unknown outcome (an outage) does not.</summary>
    public bool IsRefusal => Result is PublishResult.Unroutable or PublishResult.Nacked or PublishResult.ChannelError;
}
