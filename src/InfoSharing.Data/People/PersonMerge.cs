using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.People;

/// <summary>History of manual merges and unmerges: who moved which records from which person to which, and why.</summary>
public sealed class PersonMerge
{
    public const string Merge = "merge";
    public const string Unmerge = "unmerge";

    public Guid Id { get; set; }

    public required string Kind { get; set; }

    public Guid FromPersonId { get; set; }

    public Guid IntoPersonId { get; set; }

    public List<Guid> PersonRecordIds { get; set; } = [];

    public Guid? ReviewTaskId { get; set; }

    public required string DecidedBy { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class PersonMergeConfiguration : IEntityTypeConfiguration<PersonMerge>
{
    public void Configure(EntityTypeBuilder<PersonMerge> builder)
    {
        builder.ToTable("person_merges", Schemas.People);
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => m.FromPersonId);
        builder.HasIndex(m => m.IntoPersonId);
    }
}
