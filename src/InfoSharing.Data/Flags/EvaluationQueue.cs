using InfoSharing.Data.Linkage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Flags;

/// <summary>
/// "This child's picture changed": written in the same transaction as the change (an ingest batch, a sweep), taken by
/// the flags stage, which coalesces all the rows of one child into one evaluation and deletes them in the evaluation's
/// transaction. Append-only for writers, so ingest never waits for the flags stage.
/// </summary>
public sealed class EvaluationRequest
{
    public long Id { get; set; }

    public Guid ChildId { get; set; }

    /// <summary>ingest or sweep (review merges and unmerges come through person.reevaluation_requests).</summary>
    public required string Cause { get; set; }

    public DateTimeOffset RequestedAt { get; set; }
}

/// <summary>
/// A child whose evaluation threw: retried with backoff (<see cref="NextAttemptAt"/>) while its requests wait, and
/// visible to operators with its error. Removed when an evaluation of the child succeeds.
/// </summary>
public sealed class EvaluationFailure
{
    public Guid ChildId { get; set; }

    public int Attempts { get; set; }

    public required string Error { get; set; }

    public DateTimeOffset FailedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }
}

/// <summary>A periodic job of the deployment (the time-based sweep): when it runs next, claimed by one replica at a time.</summary>
public sealed class ScheduledJob
{
    public const string Sweep = "flags-sweep";

    public required string Name { get; set; }

    public DateTimeOffset NextRunAt { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    public string? LastRunBy { get; set; }

    public int? LastChildren { get; set; }
}

internal sealed class EvaluationRequestConfiguration : IEntityTypeConfiguration<EvaluationRequest>
{
    public void Configure(EntityTypeBuilder<EvaluationRequest> builder)
    {
        builder.ToTable("evaluation_requests", Schemas.Flags);
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).UseIdentityAlwaysColumn();
        builder.HasIndex(r => r.ChildId);
        builder.HasOne<Child>().WithMany().HasForeignKey(r => r.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EvaluationFailureConfiguration : IEntityTypeConfiguration<EvaluationFailure>
{
    public void Configure(EntityTypeBuilder<EvaluationFailure> builder)
    {
        builder.ToTable("evaluation_failures", Schemas.Flags);
        builder.HasKey(f => f.ChildId);
        builder.HasOne<Child>().WithMany().HasForeignKey(f => f.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ScheduledJobConfiguration : IEntityTypeConfiguration<ScheduledJob>
{
    public void Configure(EntityTypeBuilder<ScheduledJob> builder)
    {
        builder.ToTable("scheduled_jobs", Schemas.Flags);
        builder.HasKey(j => j.Name);
    }
}
