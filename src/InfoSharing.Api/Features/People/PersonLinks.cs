using InfoSharing.Api.Auditing;
using InfoSharing.Api.Features.Audit;
using InfoSharing.Api.Features.Linkage;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.People;

/// <summary>
/// A person's links as they stood: every agency record joined to them (rule, confidence), the children they are
/// linked to or are mother or infant of, and the changes from the audit log (paged).
/// </summary>
public sealed record PersonLinksResponse(
    Guid PersonId,
    string? NhsNumber,
    DateTimeOffset KnownSince,
    DateTimeOffset? AsOf,
    IReadOnlyList<PersonLink> Records,
    IReadOnlyList<RelationshipState> Relationships,
    IReadOnlyList<ChildRole> Children,
    Page<AuditChange> Changes) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() =>
        new[] { new ReturnedId("person", PersonId) }
            .Concat(Records.Select(r => new ReturnedId("person-record", r.PersonRecordId)))
            .Concat(Records.Select(r => new ReturnedId("inbound-message", r.InboundMessageId)))
            .Concat(Relationships.Select(r => new ReturnedId("relationship", r.RelationshipId)))
            .Concat(Relationships.Select(r => new ReturnedId("child", r.ChildId)))
            .Concat(Children.Select(c => new ReturnedId("child", c.ChildId)));
}

/// <summary>A child this person is the mother or the infant of.</summary>
public sealed record ChildRole(Guid ChildId, string Role);

/// <summary>A person's links as they stood at a moment: read by GET /api/persons/{personId}/links and by the review page.</summary>
public static class PersonLinks
{
    /// <summary>Null when the person was not known (at <paramref name="when"/>).</summary>
    public static async Task<PersonLinksResponse?> LoadAsync(InfoSharingDbContext db, Guid personId, DateTimeOffset? when, Paging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var at = when ?? DateTimeOffset.MaxValue;
        var person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null || person.CreatedAt > at)
        {
            return null;
        }

        var records = await db.PersonRecords.AsNoTracking()
            .Where(r => r.PersonId == personId && r.CreatedAt <= at)
            .OrderBy(r => r.CreatedAt)
            .Select(r => new PersonLink(r.Id, r.PersonId, r.Agency, r.Role, r.InboundMessageId, r.LinkRule, r.LinkConfidence, r.CreatedAt))
            .ToListAsync(cancellationToken);
        var relationships = await db.Relationships.AsNoTracking()
            .Where(r => r.PersonId == personId && r.RecordedAt <= at)
            .Include(r => r.Evidence)
            .OrderBy(r => r.RecordedAt)
            .ToListAsync(cancellationToken);
        var children = await db.Children.AsNoTracking()
            .Where(c => (c.MotherPersonId == personId || c.InfantPersonId == personId) && c.CreatedAt <= at)
            .OrderBy(c => c.CreatedAt)
            .Select(c => new ChildRole(c.Id, c.MotherPersonId == personId ? "mother" : "infant"))
            .ToListAsync(cancellationToken);

        var subjects = new List<Guid> { personId };
        subjects.AddRange(records.Select(r => r.PersonRecordId));
        subjects.AddRange(relationships.Select(r => r.Id));
        var (entries, total) = await db.AuditEntries.About(subjects, when).Changes().PageAsync(paging.Skip, paging.PageSize, cancellationToken);

        return new PersonLinksResponse(
            person.Id,
            person.NhsNumber,
            person.CreatedAt,
            when,
            records,
            relationships.Select(r => new RelationshipState(
                r.Id,
                r.ChildId,
                r.Type,
                r.Rule,
                r.Confidence,
                r.ValidFrom,
                r.ValidTo,
                r.RecordedAt,
                r.ValidTo is { } to && to <= (when ?? DateTimeOffset.UtcNow) ? "ended" : "current",
                r.Evidence.Where(e => e.RecordedAt <= at).OrderBy(e => e.RecordedAt)
                    .Select(e => new EvidenceItem(e.InboundMessageId, e.Agency, null, e.CodeSystem, e.Code, e.PersonRecordId, e.RecordedAt)).ToList())).ToList(),
            children,
            paging.Of(entries.Select(AuditChange.From).ToList(), total));
    }
}
