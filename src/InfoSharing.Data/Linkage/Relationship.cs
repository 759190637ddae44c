using InfoSharing.Data.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Linkage;

/// <summary>A man (or non-birthing partner) linked to an infant or unborn child, with the rule that linked him.</summary>
public sealed class Relationship
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>Relationship type code, e.g. biological-father, mothers-partner.</summary>
    public required string Type { get; set; }

    /// <summary>The rule that made the link, e.g. midwifery-stated-unborn-child.</summary>
    public required string Rule { get; set; }

    /// <summary>Confidence 0..1, from the person links the relationship rests on.</summary>
    public decimal Confidence { get; set; }

    public DateTimeOffset ValidFrom { get; set; }

    public DateTimeOffset? ValidTo { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Set when the link was found wrong (e.g. a reviewer undid the person match beneath it): it counts for nothing since.</summary>
    public DateTimeOffset? UndoneAt { get; set; }

    public string? UndoneReason { get; set; }

    public List<RelationshipEvidence> Evidence { get; set; } = [];
}

/// <summary>One source that stated the relationship: which message, which person record, which code.</summary>
public sealed class RelationshipEvidence
{
    public Guid Id { get; set; }

    public Guid RelationshipId { get; set; }

    public Guid InboundMessageId { get; set; }

    public Guid PersonRecordId { get; set; }

    public required string Agency { get; set; }

    public required string CodeSystem { get; set; }

    public required string Code { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class RelationshipConfiguration : IEntityTypeConfiguration<Relationship>
{
    public void Configure(EntityTypeBuilder<Relationship> builder)
    {
        builder.ToTable("relationships", Schemas.Linkage);
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ChildId, r.PersonId, r.Type }).IsUnique();
        builder.HasIndex(r => r.PersonId);
        builder.Property(r => r.Confidence).HasPrecision(5, 4);
        builder.HasOne<Child>().WithMany().HasForeignKey(r => r.ChildId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Evidence).WithOne().HasForeignKey(e => e.RelationshipId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RelationshipEvidenceConfiguration : IEntityTypeConfiguration<RelationshipEvidence>
{
    public void Configure(EntityTypeBuilder<RelationshipEvidence> builder)
    {
        builder.ToTable("relationship_evidence", Schemas.Linkage);
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.RelationshipId, e.PersonRecordId }).IsUnique();
        builder.HasOne<Ingest.InboundMessage>().WithMany().HasForeignKey(e => e.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PersonRecord>().WithMany().HasForeignKey(e => e.PersonRecordId).OnDelete(DeleteBehavior.Restrict);
    }
}
