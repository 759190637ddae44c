using InfoSharing.Data;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Linkage;
using InfoSharing.Domain.Relationships;
using InfoSharing.Worker.Features.People;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.Linkage;

/// <summary>Links men to an infant or unborn child, keeping every source that stated the link as evidence.</summary>
public sealed class ChildLinker(TimeProvider time)
{
    public async Task<Child> FindOrCreateUnbornChildAsync(
        InfoSharingDbContext db, Guid motherPersonId, DateOnly expectedDeliveryDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var child = db.Children.Local.FirstOrDefault(c => c.MotherPersonId == motherPersonId && c.ExpectedDeliveryDate == expectedDeliveryDate)
            ?? await db.Children.FirstOrDefaultAsync(
                c => c.MotherPersonId == motherPersonId && c.ExpectedDeliveryDate == expectedDeliveryDate, cancellationToken);
        if (child is null)
        {
            child = new Child
            {
                Id = Guid.CreateVersion7(),
                MotherPersonId = motherPersonId,
                ExpectedDeliveryDate = expectedDeliveryDate,
                CreatedAt = time.GetUtcNow(),
            };
            db.Children.Add(child);
        }

        return child;
    }

    /// <summary>Records that <paramref name="male"/> stands in <paramref name="type"/> to the child; returns the relationship and whether it is new.</summary>
    public async Task<(Relationship Relationship, bool IsNew)> LinkAsync(
        InfoSharingDbContext db,
        InboundMessage source,
        Child child,
        ResolvedPerson mother,
        ResolvedPerson male,
        RelationshipType type,
        RelationshipCode code,
        string rule,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(mother);
        ArgumentNullException.ThrowIfNull(male);
        var now = time.GetUtcNow();
        var typeCode = type.ToCode();
        var relationship = db.Relationships.Local.FirstOrDefault(r => r.ChildId == child.Id && r.PersonId == male.Person.Id && r.Type == typeCode)
            ?? await db.Relationships.FirstOrDefaultAsync(
                r => r.ChildId == child.Id && r.PersonId == male.Person.Id && r.Type == typeCode, cancellationToken);
        var isNew = relationship is null;
        if (relationship is null)
        {
            relationship = new Relationship
            {
                Id = Guid.CreateVersion7(),
                ChildId = child.Id,
                PersonId = male.Person.Id,
                Type = typeCode,
                Rule = rule,

                // A relationship is only as sure as the weakest person link beneath it.
                Confidence = Math.Min(mother.Record.LinkConfidence, male.Record.LinkConfidence),
                ValidFrom = source.SentAt ?? source.ReceivedAt,
                RecordedAt = now,
            };
            db.Relationships.Add(relationship);
        }

        db.RelationshipEvidence.Add(new RelationshipEvidence
        {
            Id = Guid.CreateVersion7(),
            RelationshipId = relationship.Id,
            InboundMessageId = source.Id,
            PersonRecordId = male.Record.Id,
            Agency = source.Agency,
            CodeSystem = code.System,
            Code = code.Code,
            RecordedAt = now,
        });
        return (relationship, isNew);
    }
}
