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

    /// <summary>One of Domain.Ingest.IndicatorKinds.</summary>
    public required string Kind { get; set; }

    public required string CodeSystem { get; set; }

    public required string Code { get; set; }

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
        builder.HasOne<Person>().WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PersonRecord>().WithMany().HasForeignKey(i => i.PersonRecordId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Ingest.InboundMessage>().WithMany().HasForeignKey(i => i.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
    }
}
