using InfoSharing.Data.Audit;
using InfoSharing.Data.Flags;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Linkage;
using InfoSharing.Data.Messaging;
using InfoSharing.Data.People;
using InfoSharing.Data.Terminology;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Data;

public sealed class InfoSharingDbContext(DbContextOptions<InfoSharingDbContext> options) : DbContext(options)
{
    public DbSet<InboundMessage> InboundMessages => Set<InboundMessage>();

    public DbSet<Person> Persons => Set<Person>();

    public DbSet<PersonRecord> PersonRecords => Set<PersonRecord>();

    public DbSet<BlockingKey> BlockingKeys => Set<BlockingKey>();

    public DbSet<ReviewTask> ReviewTasks => Set<ReviewTask>();

    public DbSet<MatchExclusion> MatchExclusions => Set<MatchExclusion>();

    public DbSet<PersonMerge> PersonMerges => Set<PersonMerge>();

    public DbSet<ReevaluationRequest> ReevaluationRequests => Set<ReevaluationRequest>();

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

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ValueSetVersion> ValueSetVersions => Set<ValueSetVersion>();

    public DbSet<UnmappedCode> UnmappedCodes => Set<UnmappedCode>();

    /// <summary>
    /// Saves everything but the pending audit entries, which stay pending for the final save. The chain lock is then
    /// taken only at the end of the transaction, for as short a time as possible, instead of from a mid-transaction
    /// flush onwards (which would serialise every concurrent transaction for its whole length).
    /// </summary>
    public async Task<int> FlushKeepingAuditPendingAsync(CancellationToken cancellationToken = default)
    {
        var pending = ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        foreach (var entry in pending)
        {
            Entry(entry).State = EntityState.Detached;
        }

        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
        }
        finally
        {
            AuditEntries.AddRange(pending);
        }
    }

    /// <summary>Audit entries added to this context are chained (hashed in order, under the chain lock) as they are saved.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var pending = ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .OrderBy(e => e.RecordedOrder)
            .ToList();
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The chain lock is transaction-scoped: without a caller's transaction, make one so the lock spans the insert.
        if (Database.CurrentTransaction is not null)
        {
            await AuditChain.SealAsync(this, pending, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await AuditChain.SealAsync(this, pending, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(InfoSharingDbContext).Assembly);
    }
}
