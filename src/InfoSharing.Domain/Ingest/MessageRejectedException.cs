namespace InfoSharing.Domain.Ingest;

/// <summary>
/// A permanent failure of an inbound message: retrying will not cure it, so it is rejected at once with
/// <see cref="Code"/> (one of Contracts.RejectionCodes) and a reason that names no person.
/// </summary>
public sealed class MessageRejectedException : Exception
{
    public MessageRejectedException(string code, string reason)
        : base(reason)
    {
        Code = code;
    }

    public MessageRejectedException()
        : this("processing-failed", "The message was rejected.")
    {
    }

    public MessageRejectedException(string message)
        : this("processing-failed", message)
    {
    }

    public MessageRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "processing-failed";
    }

    public string Code { get; } = "processing-failed";
}
