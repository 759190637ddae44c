using InfoSharing.Data.Linkage;
using InfoSharing.Data.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Flags;

/// <summary>A flag about an infant or unborn child (and, for most codes, a linked man). One row per flag; its changes are versions.</summary>
public sealed class FlagRecord
{
    public Guid Id { get; set; }

    public required string Code { get; set; }

    public Guid ChildId { get; set; }

    public Guid? PersonId { get; set; }

    /// <summary>FHIR Flag.status: active, inactive or entered-in-error.</summary>
    public required string Status { get; set; }

    public int Version { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<FlagVersion> Versions { get; set; } = [];
}

/// <summary>One version of a flag: what changed, under which catalogue version, on what evidence.</summary>
public sealed class FlagVersion
{
    public Guid FlagId { get; set; }

    public int Version { get; set; }

    public required string Status { get; set; }

    /// <summary>flag-raised, flag-updated or flag-withdrawn.</summary>
    public required string Event { get; set; }

    public required string CatalogueVersion { get; set; }

    /// <summary>The relationship ids (and so evidence) the version rests on, as JSON.</summary>
    public required string Evidence { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A flag version disclosed to a subscriber: queued in the outbox transaction, stamped sent by the dispatcher.</summary>
public sealed class Disclosure
{
    public Guid Id { get; set; }

    public Guid FlagId { get; set; }

    public int FlagVersion { get; set; }

    public required string Subscriber { get; set; }

    public required string MessageId { get; set; }

    public DateTimeOffset QueuedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>
    /// Hash of what this subscriber was shown that matters to it (Domain.Flags.Materiality): a later version with the
    /// same hash is recorded in the flag's history but not sent.
    /// </summary>
    public string? MaterialHash { get; set; }
}

internal sealed class FlagRecordConfiguration : IEntityTypeConfiguration<FlagRecord>
{
    public void Configure(EntityTypeBuilder<FlagRecord> builder)
    {
        builder.ToTable("flags", Schemas.Flags);
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => new { f.Code, f.ChildId, f.PersonId }).IsUnique().AreNullsDistinct(false);
        builder.HasOne<Child>().WithMany().HasForeignKey(f => f.ChildId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(f => f.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(f => f.Versions).WithOne().HasForeignKey(v => v.FlagId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FlagVersionConfiguration : IEntityTypeConfiguration<FlagVersion>
{
    public void Configure(EntityTypeBuilder<FlagVersion> builder)
    {
        builder.ToTable("flag_versions", Schemas.Flags);
        builder.HasKey(v => new { v.FlagId, v.Version });
        builder.Property(v => v.Evidence).HasColumnType("jsonb");
    }
}

internal sealed class DisclosureConfiguration : IEntityTypeConfiguration<Disclosure>
{
    public void Configure(EntityTypeBuilder<Disclosure> builder)
    {
        builder.ToTable("disclosures", Schemas.Flags);
        builder.HasKey(d => d.Id);
        builder.HasIndex(d => d.MessageId).IsUnique();
        builder.HasIndex(d => new { d.FlagId, d.FlagVersion });
        builder.HasIndex(d => new { d.FlagId, d.Subscriber, d.FlagVersion });
        builder.HasOne<FlagRecord>().WithMany().HasForeignKey(d => d.FlagId).OnDelete(DeleteBehavior.Restrict);
    }
}
