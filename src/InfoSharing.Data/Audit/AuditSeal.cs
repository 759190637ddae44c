using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Audit;

/// <summary>
/// An entry's place in the hash chain, inserted by the sealer after the entry's transaction committed (insert-only:
/// the database refuses updates and deletes, as for the entries). <see cref="Hash"/> covers the entry's canonical
/// form, its <see cref="Seq"/> and the previous seal's hash, so any change, removal or reordering breaks the chain.
/// </summary>
public sealed class AuditSeal
{
    /// <summary>Position in the chain: 1, 2, 3... without gaps.</summary>
    public long Seq { get; set; }

    public Guid EntryId { get; set; }

    /// <summary>The canonical encoding and hash function this seal used (<see cref="AuditChain"/>).</summary>
    public short Encoding { get; set; }

    /// <summary>Which key the seal's HMAC used (keyed encodings only); the key itself is never in the database.</summary>
    public string? KeyId { get; set; }

    public byte[] PreviousHash { get; set; } = [];

    public byte[] Hash { get; set; } = [];

    public DateTimeOffset SealedAt { get; set; }
}

internal sealed class AuditSealConfiguration : IEntityTypeConfiguration<AuditSeal>
{
    public void Configure(EntityTypeBuilder<AuditSeal> builder)
    {
        builder.ToTable("seals", Schemas.Audit);
        builder.HasKey(s => s.Seq);
        builder.Property(s => s.Seq).ValueGeneratedNever();
        builder.HasIndex(s => s.EntryId).IsUnique();
        builder.Property(s => s.SealedAt).HasDefaultValueSql("clock_timestamp()");

        // Also scan_from xid8, written by the sealer and not mapped: every entry whose writer_xid is below it was
        // already sealed when this seal was written (where a new leader starts looking).
    }
}
