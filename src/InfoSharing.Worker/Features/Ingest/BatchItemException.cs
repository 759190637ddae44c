namespace InfoSharing.Worker.Features.Ingest;

/// <summary>
/// A failure inside a batch that belongs to one of its items (a message): the batch is retried without it and the
/// item alone, so that one bad message never rejects or delays its neighbours for long.
/// </summary>
public sealed class BatchItemException : Exception
{
    public BatchItemException(int item, Exception inner)
        : base($"Batch item {item} failed: {inner?.GetType().Name}", inner)
    {
        Item = item;
    }

    public BatchItemException()
    {
    }

    public BatchItemException(string message)
        : base(message)
    {
    }

    public BatchItemException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public int Item { get; }
}
