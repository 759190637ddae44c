using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.People;

/// <summary>
/// A possible match for a person to decide: the record was given a person of its own (so nobody is flagged on an
/// uncertain link) and the candidates it might be are listed with their scores.
/// </summary>
public sealed class ReviewTask
{
    public const string Open = "open";
    public const string Confirmed = "confirmed";
    public const string Rejected = "rejected";

    public Guid Id { get; set; }

    /// <summary>The record under review.</summary>
    public Guid PersonRecordId { get; set; }

    /// <summary>The matcher's rule (probabilistic, ambiguous, possible-twin, nhs-number-conflict).</summary>
    public required string Rule { get; set; }

    /// <summary>The candidate persons and their scores, as JSON: [{personId, weight, probability, rule, blockingRule}].</summary>
    public required string Candidates { get; set; }

    public required string ModelVersion { get; set; }

    public string Status { get; set; } = Open;

    /// <summary>For a confirmation, the person the record was merged into.</summary>
    public Guid? DecidedPersonId { get; set; }

    public string? DecidedBy { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ReviewTaskConfiguration : IEntityTypeConfiguration<ReviewTask>
{
    public void Configure(EntityTypeBuilder<ReviewTask> builder)
    {
        builder.ToTable("review_tasks", Schemas.People);
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Candidates).HasColumnType("jsonb");
        builder.HasIndex(t => new { t.Status, t.CreatedAt });
        builder.HasIndex(t => t.PersonRecordId);
        builder.HasOne<PersonRecord>().WithMany().HasForeignKey(t => t.PersonRecordId).OnDelete(DeleteBehavior.Restrict);
    }
}
