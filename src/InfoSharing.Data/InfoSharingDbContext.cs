using InfoSharing.Data.Audit;
using InfoSharing.Data.Flags;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Linkage;
using InfoSharing.Data.Messaging;
using InfoSharing.Data.People;
using InfoSharing.Data.Terminology;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Data;

public sealed class InfoSharingDbContext(DbContextOptions<InfoSharingDbContext> options) : DbContext(options), IDataProtectionKeyContext
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

    public DbSet<EvaluationRequest> EvaluationRequests => Set<EvaluationRequest>();

    public DbSet<EvaluationFailure> EvaluationFailures => Set<EvaluationFailure>();

    public DbSet<ScheduledJob> ScheduledJobs => Set<ScheduledJob>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<OutboxLease> OutboxLeases => Set<OutboxLease>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditSeal> AuditSeals => Set<AuditSeal>();

    public DbSet<ValueSetVersion> ValueSetVersions => Set<ValueSetVersion>();

    public DbSet<UnmappedCode> UnmappedCodes => Set<UnmappedCode>();

    /// <summary>The web application's data protection key ring, shared by every API replica (docs/decisions/0010-web-application.md).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Kept for its callers: since audit entries are sealed after commit (AuditSealer), no entry needs to stay
    /// pending for the end of the transaction, and this is the same as <see cref="DbContext.SaveChangesAsync(CancellationToken)"/>.
    /// </summary>
    public Task<int> FlushKeepingAuditPendingAsync(CancellationToken cancellationToken = default) => SaveChangesAsync(cancellationToken);

    /// <summary>
    /// The entities of type <typeparamref name="T"/> this context tracks (as <see cref="DbSet{T}.Local"/>), without the
    /// full <c>ChangeTracker.DetectChanges()</c> that reading <c>Local</c> runs: a batch transaction tracks
    /// thousands of entities and looks them up hundreds of times; property changes are detected once, at save. The
    /// view holds the same entities either way (states change at Add and Remove, not at detection).
    /// </summary>
    public Microsoft.EntityFrameworkCore.ChangeTracking.LocalView<T> Tracked<T>()
        where T : class
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return Set<T>().Local;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// Numbers new audit entries in the order they were recorded (no lock: the chain is computed after commit); inside a
    /// transaction the caller opened, copies large sets of added rows (<see cref="BulkInserter"/>); then EF saves the rest.
    /// Changes are detected once, here, not again by each step.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await AuditLog.NumberPendingAsync(this, cancellationToken);
            if (detect)
            {
                ChangeTracker.DetectChanges();
            }

            var copied = await BulkInserter.InsertAddedAsync(this, cancellationToken);
            return copied + await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasSequence<long>(AuditEntryConfiguration.EntryNumbers, Schemas.Audit);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(InfoSharingDbContext).Assembly);
    }
}
