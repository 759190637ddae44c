using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.People;

/// <summary>
/// A manual "not the same person": a reviewer rejected the match, or unmerged the record. The live matcher never
/// links a record from the same agency record (agency and local id) to <see cref="PersonId"/> again, and never
/// counts <see cref="PersonId"/> as a candidate for it; only another manual decision can.
/// </summary>
public sealed class MatchExclusion
{
    public Guid Id { get; set; }

    public Guid PersonRecordId { get; set; }

    public required string Agency { get; set; }

    /// <summary>The agency's own id of the record; later records with the same id are kept apart too.</summary>
    public string? LocalId { get; set; }

    public Guid PersonId { get; set; }

    public required string DecidedBy { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class MatchExclusionConfiguration : IEntityTypeConfiguration<MatchExclusion>
{
    public void Configure(EntityTypeBuilder<MatchExclusion> builder)
    {
        builder.ToTable("match_exclusions", Schemas.People);
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.Agency, e.LocalId });
        builder.HasIndex(e => e.PersonRecordId);
        builder.HasOne<PersonRecord>().WithMany().HasForeignKey(e => e.PersonRecordId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
