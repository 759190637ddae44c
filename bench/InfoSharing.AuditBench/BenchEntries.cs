using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.AuditBench;

/// <summary>A typical entry: a relationship linked, with its evidence (ids only), about the size ingest writes.</summary>
internal static class BenchEntries
{
    public static AuditEntry RecordLink(InfoSharingDbContext db)
    {
        var relationship = Guid.CreateVersion7();
        var child = Guid.CreateVersion7();
        var person = Guid.CreateVersion7();
        var message = Guid.CreateVersion7();
        return db.Record(AuditLog.RelationshipLinked, "bench:linkage", DateTimeOffset.UtcNow, [relationship, child, person, message], new
        {
            relationshipId = relationship,
            change = "linked",
            childId = child,
            personId = person,
            type = "biological-father",
            rule = "midwifery-stated-unborn-child",
            confidence = 1.0m,
            evidence = new { agency = "midwifery", inboundMessageId = message, personRecordId = Guid.CreateVersion7(), codeSystem = "http://terminology.hl7.org/CodeSystem/v3-RoleCode", code = "NFTHF" },
        });
    }

    public static InfoSharingDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<InfoSharingDbContext>();
        DataRegistration.Configure(options, connectionString);
        return new InfoSharingDbContext(options.Options);
    }
}
