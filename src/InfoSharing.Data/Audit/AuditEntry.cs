using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Audit;

/// <summary>
/// One entry of the append-only, hash-chained audit log. <see cref="Hash"/> is SHA-256 over the canonical form of
/// the entry (see <see cref="AuditChain"/>) including the previous entry's hash, so any change or deletion of an
/// entry breaks the chain at that point. The database refuses updates and deletes (trigger in the migration).
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain, assigned while the chain lock is held (1, 2, 3...).</summary>
    public long Seq { get; set; }

    public Guid Id { get; set; }

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

    public byte[] PreviousHash { get; set; } = [];

    public byte[] Hash { get; set; } = [];

    /// <summary>The order the entry was recorded in this process (not stored): the chain follows it, not the change tracker's.</summary>
    public long RecordedOrder { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("entries", Schemas.Audit);
        // Keyed by id: new entries are tracked before the chain gives them their position.
        builder.HasKey(e => e.Id);
        builder.Ignore(e => e.RecordedOrder);
        builder.Property(e => e.Seq).ValueGeneratedNever();
        builder.HasIndex(e => e.Seq).IsUnique();
        builder.HasIndex(e => e.SubjectIds).HasMethod("gin");
        builder.HasIndex(e => new { e.Kind, e.RecordedAt });
    }
}
