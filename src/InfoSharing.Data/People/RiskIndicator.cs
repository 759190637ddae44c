using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.People;

/// <summary>Something an agency recorded about a person that flag rules use (domestic abuse, mental health, care leaver...).</summary>
public sealed class RiskIndicator
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public Guid PersonRecordId { get; set; }

    public Guid InboundMessageId { get; set; }

    public required string Agency { get; set; }

    /// <summary>
    /// One of Domain.Ingest.IndicatorKinds: the kind the statement gave when it arrived (the first, when its codes gave
    /// several). Null for a statement that gives no kind and only ends an earlier one about the same source resource.
    /// For a coded statement the flag rules derive the kinds again from <see cref="Codings"/> under the value sets in force.
    /// </summary>
    public string? Kind { get; set; }

    /// <summary>The coding that gave <see cref="Kind"/> (null when none did).</summary>
    public string? CodeSystem { get; set; }

    public string? Code { get; set; }

    /// <summary>
    /// Every coding of the coded elements, as JSON <c>[{"system":..,"code":..}]</c>; null when the feed fixed the kind
    /// (MARAC, a missed appointment) or the statement kept no code.
    /// </summary>
    public string? Codings { get; set; }

    /// <summary>A hash of the source resource's identity within the agency; the latest statement about it is the one in force.</summary>
    public string? SourceResource { get; set; }

    /// <summary>When the agency recorded the statement (resource meta.lastUpdated, else the message's own time, else when it was sent).</summary>
    public DateTimeOffset StatedAt { get; set; }

    /// <summary>The agency withdrew the source resource as entered in error.</summary>
    public bool EnteredInError { get; set; }

    /// <summary>provisional or unconfirmed (Domain.Ingest.IndicatorCertainty); null when confirmed or unstated.</summary>
    public string? Certainty { get; set; }

    public string? Display { get; set; }

    public DateOnly? EffectiveFrom { get; set; }

    public DateOnly? EffectiveTo { get; set; }

    public bool Active { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class RiskIndicatorConfiguration : IEntityTypeConfiguration<RiskIndicator>
{
    public void Configure(EntityTypeBuilder<RiskIndicator> builder)
    {
        builder.ToTable("risk_indicators", Schemas.People);
        builder.HasKey(i => i.Id);
        builder.HasIndex(i => new { i.PersonId, i.Kind });
        builder.HasIndex(i => new { i.Agency, i.SourceResource }).HasFilter("source_resource IS NOT NULL");
        builder.Property(i => i.Codings).HasColumnType("jsonb");
        builder.Property(i => i.SourceResource).HasMaxLength(32);
        builder.HasOne<Person>().WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PersonRecord>().WithMany().HasForeignKey(i => i.PersonRecordId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Ingest.InboundMessage>().WithMany().HasForeignKey(i => i.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
    }
}
