namespace InfoSharing.Data.Audit;

/// <summary>Adds audit entries to a context; they are chained when the context saves, in the same transaction as what they record.</summary>
public static class AuditLog
{
    private static long _order;

    public const string PersonLinked = "person-linked";
    public const string ReviewOpened = "review-opened";
    public const string ReviewDecided = "review-decided";
    public const string PersonsMerged = "persons-merged";
    public const string PersonUnmerged = "person-unmerged";
    public const string RelationshipLinked = "relationship-linked";
    public const string BirthRecorded = "birth-recorded";
    public const string ChildrenMerged = "children-merged";
    public const string FlagVersion = "flag-version";
    public const string Disclosure = "disclosure";
    public const string MessageRejected = "message-rejected";
    public const string ApiRead = "api-read";

    /// <summary>A call the API refused (401 or 403): who, which endpoint template, why.</summary>
    public const string ApiRefused = "api-refused";

    public static AuditEntry Record(
        this InfoSharingDbContext db,
        string kind,
        string actor,
        DateTimeOffset at,
        IEnumerable<Guid> subjectIds,
        object content,
        string? actorRole = null,
        string? purpose = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entry = new AuditEntry
        {
            Id = Guid.CreateVersion7(),
            RecordedAt = at,
            Kind = kind,
            Actor = actor,
            ActorRole = actorRole,
            Purpose = purpose,
            SubjectIds = subjectIds.Distinct().ToList(),
            Content = AuditChain.Canonical(content),
            RecordedOrder = Interlocked.Increment(ref _order),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
