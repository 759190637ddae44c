using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Terminology;

/// <summary>
/// A value set version imported for an indicator kind (<c>terminology import</c>): the expansion as imported, and what
/// identifies it. The latest by <see cref="Seq"/> for a kind is in force; with none, the built-in one is. Rows are never
/// changed or deleted, so every flag version's value set versions can be looked up later.
/// </summary>
public sealed class ValueSetVersion
{
    public Guid Id { get; set; }

    /// <summary>Order of import (a sequence): the highest for a kind is in force, and the highest of all tells a worker whether anything changed.</summary>
    public long Seq { get; set; }

    public required string Kind { get; set; }

    /// <summary>The version label, unique per kind.</summary>
    public required string Version { get; set; }

    public string? Url { get; set; }

    public string? SourceVersion { get; set; }

    public string? Title { get; set; }

    public DateTimeOffset? ExpansionTimestamp { get; set; }

    public int CodeCount { get; set; }

    /// <summary>The ValueSet JSON as imported.</summary>
    public required string Content { get; set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>: importing the same file twice is recognised.</summary>
    public required string ContentSha256 { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    /// <summary>Who imported it (the --by option, else the operating-system user).</summary>
    public required string ImportedBy { get; set; }
}

/// <summary>
/// How often an agency sent a code that matched no value set (on a Condition, an Observation's code or coded value, a
/// Flag): agency, code system and code only, never the person or the message.
/// </summary>
public sealed class UnmappedCode
{
    public required string Agency { get; set; }

    public required string CodeSystem { get; set; }

    public required string Code { get; set; }

    public long Count { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}

internal sealed class ValueSetVersionConfiguration : IEntityTypeConfiguration<ValueSetVersion>
{
    public void Configure(EntityTypeBuilder<ValueSetVersion> builder)
    {
        builder.ToTable("value_set_versions", Schemas.Terminology);
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Seq).UseIdentityAlwaysColumn();
        builder.HasIndex(v => v.Seq).IsUnique();
        builder.HasIndex(v => new { v.Kind, v.Version }).IsUnique();
        builder.Property(v => v.Content).HasColumnType("jsonb");
    }
}

internal sealed class UnmappedCodeConfiguration : IEntityTypeConfiguration<UnmappedCode>
{
    public void Configure(EntityTypeBuilder<UnmappedCode> builder)
    {
        builder.ToTable("unmapped_codes", Schemas.Terminology);
        builder.HasKey(c => new { c.Agency, c.CodeSystem, c.Code });
        builder.HasIndex(c => new { c.Agency, c.Count });
    }
}
