using InfoSharing.Domain.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.People;

/// <summary>What one agency message said about one person, and how the index joined it to a person.</summary>
public sealed class PersonRecord
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid InboundMessageId { get; set; }

    public required string Agency { get; set; }

    /// <summary>The part the person plays in the message (for example mother, or linked-person).</summary>
    public required string Role { get; set; }

    public string? LocalId { get; set; }

    public string? NhsNumber { get; set; }

    public bool NhsNumberValid { get; set; }

    public string? GivenName { get; set; }

    public string? FamilyName { get; set; }

    public DateOnly? BirthDate { get; set; }

    public AdministrativeSex Sex { get; set; }

    public string? Postcode { get; set; }

    /// <summary>The rule that joined this record to its person (e.g. nhs-number-exact, new-person).</summary>
    public required string LinkRule { get; set; }

    /// <summary>Confidence in the join, 0..1 (the match probability of a probabilistic join).</summary>
    public decimal LinkConfidence { get; set; }

    /// <summary>What the matcher decided: match, possible-match or no-match (null on records made before issue 4).</summary>
    public string? MatchDecision { get; set; }

    /// <summary>The matcher's rule (nhs-number-exact, probabilistic, ambiguous, possible-twin, placeholder, no-candidate...).</summary>
    public string? MatchRule { get; set; }

    /// <summary>Fellegi-Sunter weight in bits against the best candidate person (the one joined, or the nearest one), if any.</summary>
    public double? MatchWeight { get; set; }

    /// <summary>Each comparison's contribution to <see cref="MatchWeight"/>, as JSON: [{comparison, level, weight, tf}].</summary>
    public string? MatchContributions { get; set; }

    /// <summary>The blocking rule that found the best candidate.</summary>
    public string? BlockingRule { get; set; }

    /// <summary>The model that scored the record (fs1-hash), so that a decision can be traced to its parameters.</summary>
    public string? ModelVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class PersonRecordConfiguration : IEntityTypeConfiguration<PersonRecord>
{
    public void Configure(EntityTypeBuilder<PersonRecord> builder)
    {
        builder.ToTable("person_records", Schemas.People);
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.PersonId);
        builder.HasIndex(r => r.InboundMessageId);
        builder.Property(r => r.Sex).HasConversion<string>();
        builder.Property(r => r.LinkConfidence).HasPrecision(5, 4);
        builder.Property(r => r.MatchContributions).HasColumnType("jsonb");
        builder.HasIndex(r => new { r.Agency, r.LocalId });
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Ingest.InboundMessage>().WithMany().HasForeignKey(r => r.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
    }
}
