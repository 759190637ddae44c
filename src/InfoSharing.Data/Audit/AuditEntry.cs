using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Audit;

/// <summary>
/// One entry of the append-only audit log, written in the transaction of what it records. Its place in the hash
/// chain is given afterwards by the sealer (<see cref="AuditSealer"/>), which inserts an <see cref="AuditSeal"/>:
/// the entry itself is never updated, and the database refuses updates and deletes (triggers in the migrations).
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }

    /// <summary>
    /// From the sequence <c>audit.entry_numbers</c>, taken when the entry is saved, in the order the entries were
    /// recorded. Unique, but neither gap-free nor in commit order: a transaction holding 5 may commit after 6, or
    /// roll back. The chain's order is the seal's <see cref="AuditSeal.Seq"/>.
    /// </summary>
    public long EntryNo { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>What happened, e.g. person-linked, relationship-linked, flag-version, disclosure, message-rejected, api-read.</summary>
    public required string Kind { get; set; }

    /// <summary>Who: a user's subject, or the component (e.g. worker:person-index).</summary>
    public required string Actor { get; set; }

    public string? ActorRole { get; set; }

    /// <summary>The stated purpose of use (required on auditor reads).</summary>
    public string? Purpose { get; set; }

    /// <summary>Ids the entry is about, for lookups: child, person, flag, message ids (never names or NHS numbers).</summary>
    public List<Guid> SubjectIds { get; set; } = [];

    /// <summary>The entry's content as canonical JSON (sorted keys, no whitespace): what is hashed, byte for byte.</summary>
    public required string Content { get; set; }

    /// <summary>The entry's place in the chain and its hash; null until the sealer has reached it.</summary>
    public AuditSeal? Seal { get; set; }

    /// <summary>The order the entry was recorded in this process (not stored): <see cref="EntryNo"/> follows it.</summary>
    public long RecordedOrder { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const string EntryNumbers = "entry_numbers";

    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("entries", Schemas.Audit);
        builder.HasKey(e => e.Id);
        builder.Ignore(e => e.RecordedOrder);

        // Assigned by the context as it saves (AuditLog.NumberPendingAsync), in recorded order; the default serves
        // writers that insert with SQL or COPY. The table also has writer_xid xid8 DEFAULT pg_current_xact_id(),
        // added by the AuditSealer migration and deliberately not mapped: only the sealer reads it.
        builder.Property(e => e.EntryNo).HasDefaultValueSql($"nextval('{Schemas.Audit}.{EntryNumbers}')");
        builder.HasIndex(e => e.EntryNo).IsUnique();
        builder.HasIndex(e => e.SubjectIds).HasMethod("gin");
        builder.HasIndex(e => new { e.Kind, e.RecordedAt });
        builder.HasOne(e => e.Seal).WithOne().HasForeignKey<AuditSeal>(s => s.EntryId).OnDelete(DeleteBehavior.Restrict);
    }
}
