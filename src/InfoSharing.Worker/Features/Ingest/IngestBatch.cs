using InfoSharing.Worker.Features.Linkage;
using InfoSharing.Worker.Features.People;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>The state of one ingest batch transaction: the person index's view, and what the batch's messages touched.</summary>
public sealed class IngestBatch
{
    public PersonBatch People { get; } = new();

    /// <summary>Persons a message named (their children's pictures may have changed).</summary>
    public HashSet<Guid> TouchedPersons { get; } = [];

    /// <summary>For whom the change tracker holds every child and relationship (read once for the batch).</summary>
    public LoadedChildren Children { get; } = new();

    /// <summary>Children a message named or linked a man to.</summary>
    public HashSet<Guid> TouchedChildren { get; } = [];
}
