using InfoSharing.Data.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Linkage;

/// <summary>An agency contact or visit with a person, and who else was present: "was the father seen?".</summary>
public sealed class AgencyContact
{
    public Guid Id { get; set; }

    public Guid InboundMessageId { get; set; }

    public required string Agency { get; set; }

    public Guid SubjectPersonId { get; set; }

    public DateOnly? Date { get; set; }

    public required string Kind { get; set; }

    /// <summary>Persons recorded as present (besides the subject).</summary>
    public List<Guid> PresentPersonIds { get; set; } = [];

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>An appointment and whether the person attended (or, for a child, was brought).</summary>
public sealed class AgencyAppointment
{
    public Guid Id { get; set; }

    public Guid InboundMessageId { get; set; }

    public required string Agency { get; set; }

    public Guid PersonId { get; set; }

    public DateOnly? Date { get; set; }

    public required string Status { get; set; }

    public bool NotAttended { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A household (tenancy) as the housing agency knows it.</summary>
public sealed class Household
{
    public Guid Id { get; set; }

    public required string Agency { get; set; }

    public required string HouseholdRef { get; set; }

    public string? Uprn { get; set; }

    public string? Postcode { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Someone living at, or regularly at, a household, from a dated statement.</summary>
public sealed class HouseholdMember
{
    public Guid Id { get; set; }

    public Guid HouseholdId { get; set; }

    public Guid PersonId { get; set; }

    public Guid PersonRecordId { get; set; }

    public Guid InboundMessageId { get; set; }

    public required string Role { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>One event (listed, reviewed, closed) of a MARAC case.</summary>
public sealed class MaracCaseEvent
{
    public Guid Id { get; set; }

    public Guid InboundMessageId { get; set; }

    public required string CaseRef { get; set; }

    public required string Event { get; set; }

    public required string RiskLevel { get; set; }

    public DateOnly? Date { get; set; }

    public string? PoliceReference { get; set; }

    public Guid VictimPersonId { get; set; }

    public List<Guid> PerpetratorPersonIds { get; set; } = [];

    public List<Guid> ChildPersonIds { get; set; } = [];

    public List<DateOnly> UnbornExpectedDeliveryDates { get; set; } = [];

    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class AgencyEventsConfiguration :
    IEntityTypeConfiguration<AgencyContact>,
    IEntityTypeConfiguration<AgencyAppointment>,
    IEntityTypeConfiguration<Household>,
    IEntityTypeConfiguration<HouseholdMember>,
    IEntityTypeConfiguration<MaracCaseEvent>
{
    public void Configure(EntityTypeBuilder<AgencyContact> builder)
    {
        builder.ToTable("contacts", Schemas.Linkage);
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.SubjectPersonId);
        builder.HasIndex(c => c.PresentPersonIds).HasMethod("gin");
        builder.HasOne<Ingest.InboundMessage>().WithMany().HasForeignKey(c => c.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<AgencyAppointment> builder)
    {
        builder.ToTable("appointments", Schemas.Linkage);
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.PersonId);
        builder.HasOne<Ingest.InboundMessage>().WithMany().HasForeignKey(a => a.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Household> builder)
    {
        builder.ToTable("households", Schemas.Linkage);
        builder.HasKey(h => h.Id);
        builder.HasIndex(h => new { h.Agency, h.HouseholdRef }).IsUnique();
        builder.HasIndex(h => h.Uprn);
    }

    public void Configure(EntityTypeBuilder<HouseholdMember> builder)
    {
        builder.ToTable("household_members", Schemas.Linkage);
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => m.HouseholdId);
        builder.HasIndex(m => m.PersonId);
        builder.HasOne<Household>().WithMany().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PersonRecord>().WithMany().HasForeignKey(m => m.PersonRecordId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Ingest.InboundMessage>().WithMany().HasForeignKey(m => m.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<MaracCaseEvent> builder)
    {
        builder.ToTable("marac_case_events", Schemas.Linkage);
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => e.CaseRef);
        builder.HasIndex(e => e.VictimPersonId);
        builder.HasIndex(e => e.PerpetratorPersonIds).HasMethod("gin");
        builder.HasOne<Ingest.InboundMessage>().WithMany().HasForeignKey(e => e.InboundMessageId).OnDelete(DeleteBehavior.Restrict);
    }
}
