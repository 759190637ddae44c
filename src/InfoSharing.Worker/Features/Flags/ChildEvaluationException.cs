namespace InfoSharing.Worker.Features.Flags;

/// <summary>The flag rules failed for one child (its stored facts, its rules): that child is set aside, the batch goes on without it.</summary>
public sealed class ChildEvaluationException : Exception
{
    public ChildEvaluationException(Guid childId, Exception inner)
        : base($"Evaluating child {childId} failed.", inner)
    {
        ChildId = childId;
    }

    public ChildEvaluationException()
    {
    }

    public ChildEvaluationException(string message)
        : base(message)
    {
    }

    public ChildEvaluationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public Guid ChildId { get; }
}
