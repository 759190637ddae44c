using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Data.Audit;

/// <summary>
/// Adds audit entries to a context; they are saved in the same transaction as what they record, numbered in the
/// order they were recorded, and chained by the sealer shortly after that transaction commits.
/// </summary>
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
    public const string OutboxReleased = "outbox-released";
    public const string ValueSetImported = "value-set-imported";

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

    /// <summary>
    /// Gives the entries this context is about to insert their <see cref="AuditEntry.EntryNo"/> from the sequence, in
    /// recorded order: one round trip, no lock (a sequence is not transactional, so concurrent writers never wait).
    /// </summary>
    internal static async Task NumberPendingAsync(InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        var pending = db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.EntryNo == 0)
            .Select(e => e.Entity)
            .OrderBy(e => e.RecordedOrder)
            .ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var numbers = await db.Database
            .SqlQuery<long>($"SELECT nextval('audit.entry_numbers') AS \"Value\" FROM generate_series(1, {pending.Count})")
            .ToListAsync(cancellationToken);
        numbers.Sort();
        for (var i = 0; i < pending.Count; i++)
        {
            pending[i].EntryNo = numbers[i];

            // PostgreSQL keeps microseconds: keep in memory what will be read back and hashed.
            var at = pending[i].RecordedAt;
            pending[i].RecordedAt = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);
        }
    }
}
