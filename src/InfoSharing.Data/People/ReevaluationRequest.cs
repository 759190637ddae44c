using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.People;

/// <summary>
/// The hook for the flag rules: a merge or unmerge changed who a child's men are, so whatever rested on the old
/// links must be re-evaluated. Written in the same transaction as the change; the flag engine claims open rows
/// (processed_at IS NULL, FOR UPDATE SKIP LOCKED), re-runs its rules for <see cref="ChildId"/> and sets
/// <see cref="ProcessedAt"/>.
/// </summary>
public sealed class ReevaluationRequest
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    /// <summary>merge, unmerge, or terminology (a value set version was imported).</summary>
    public required string Cause { get; set; }

    /// <summary>The person_merges row that caused a merge or unmerge.</summary>
    public Guid? PersonMergeId { get; set; }

    /// <summary>The value set version whose import caused a terminology request.</summary>
    public Guid? ValueSetVersionId { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }
}

internal sealed class ReevaluationRequestConfiguration : IEntityTypeConfiguration<ReevaluationRequest>
{
    public void Configure(EntityTypeBuilder<ReevaluationRequest> builder)
    {
        builder.ToTable("reevaluation_requests", Schemas.People);
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.RequestedAt).HasFilter("processed_at IS NULL");
        builder.HasOne<Linkage.Child>().WithMany().HasForeignKey(r => r.ChildId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PersonMerge>().WithMany().HasForeignKey(r => r.PersonMergeId).OnDelete(DeleteBehavior.Restrict);
    }
}
