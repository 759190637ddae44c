using InfoSharing.Data.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Linkage;

/// <summary>
/// A relationship exactly as an agency stated it, between two person records of one message: kept whether or not
/// it could be turned into a man-to-child relationship, so that rules can be re-run on what was said.
/// </summary>
public sealed class StatedRelationshipRecord
{
    public Guid Id { get; set; }

    public Guid InboundMessageId { get; set; }

    public Guid FromPersonRecordId { get; set; }

    public Guid ToPersonRecordId { get; set; }

    /// <summary>unborn-child-of, infant or adult.</summary>
    public required string Target { get; set; }

    public required string Type { get; set; }

    public required string CodeSystem { get; set; }

    public required string Code { get; set; }

    public DateOnly? ValidFrom { get; set; }

    public DateOnly? ValidTo { get; set; }

    /// <summary>The child relationship it became, if any.</summary>
    public Guid? RelationshipId { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class StatedRelationshipConfiguration : IEntityTypeConfiguration<StatedRelationshipRecord>
{
    public void Configure(EntityTypeBuilder<StatedRelationshipRecord> builder)
    {
        builder.ToTable("stated_relationships", Schemas.Linkage);
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.InboundMessageId);
        builder.HasOne<Ingest.InboundMessage>().WithMany().HasForeignKey(r => r.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PersonRecord>().WithMany().HasForeignKey(r => r.FromPersonRecordId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PersonRecord>().WithMany().HasForeignKey(r => r.ToPersonRecordId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Relationship>().WithMany().HasForeignKey(r => r.RelationshipId).OnDelete(DeleteBehavior.Restrict);
    }
}
