using InfoSharing.Data.Flags;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Linkage;
using InfoSharing.Data.Messaging;
using InfoSharing.Data.People;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Data;

public sealed class InfoSharingDbContext(DbContextOptions<InfoSharingDbContext> options) : DbContext(options)
{
    public DbSet<InboundMessage> InboundMessages => Set<InboundMessage>();

    public DbSet<Person> Persons => Set<Person>();

    public DbSet<PersonRecord> PersonRecords => Set<PersonRecord>();

    public DbSet<Child> Children => Set<Child>();

    public DbSet<Relationship> Relationships => Set<Relationship>();

    public DbSet<RelationshipEvidence> RelationshipEvidence => Set<RelationshipEvidence>();

    public DbSet<RiskIndicator> RiskIndicators => Set<RiskIndicator>();

    public DbSet<StatedRelationshipRecord> StatedRelationships => Set<StatedRelationshipRecord>();

    public DbSet<AgencyContact> Contacts => Set<AgencyContact>();

    public DbSet<AgencyAppointment> Appointments => Set<AgencyAppointment>();

    public DbSet<Household> Households => Set<Household>();

    public DbSet<HouseholdMember> HouseholdMembers => Set<HouseholdMember>();

    public DbSet<MaracCaseEvent> MaracCaseEvents => Set<MaracCaseEvent>();

    public DbSet<FlagRecord> Flags => Set<FlagRecord>();

    public DbSet<FlagVersion> FlagVersions => Set<FlagVersion>();

    public DbSet<Disclosure> Disclosures => Set<Disclosure>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(InfoSharingDbContext).Assembly);
    }
}
