using InfoSharing.Api.Features.Audit;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Linkage;

/// <summary>
/// Reads a child's history as it stood at a moment. "Known at t" means recorded at or before t: children by
/// CreatedAt, relationships and evidence by RecordedAt, person records by CreatedAt, flag versions by RecordedAt,
/// audit entries by RecordedAt; a birth by its birth-recorded audit entry. A relationship whose ValidTo had passed
/// at t is shown as ended.
/// </summary>
public static class ChildHistory
{
    public static async Task<ChildHistoryResponse?> LoadAsync(
        InfoSharingDbContext db, Guid childId, DateTimeOffset? asOf, Paging? changesPage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var at = asOf ?? DateTimeOffset.MaxValue;
        var child = await db.Children.AsNoTracking().FirstOrDefaultAsync(c => c.Id == childId, cancellationToken);
        if (child is null || child.CreatedAt > at)
        {
            return null;
        }

        // A pregnancy becomes the infant at its birth-recorded entry; a child first known as an infant was born when created.
        var birthRecordedAt = await db.AuditEntries.About([childId])
            .Where(e => e.Kind == AuditLog.BirthRecorded)
            .OrderBy(e => e.EntryNo)
            .Select(e => (DateTimeOffset?)e.RecordedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var born = child.InfantPersonId is not null && (birthRecordedAt ?? child.CreatedAt) <= at;
        var infantId = born ? child.InfantPersonId : null;

        var relationships = await db.Relationships.AsNoTracking()
            .Where(r => r.ChildId == childId && r.RecordedAt <= at)
            .Include(r => r.Evidence)
            .OrderBy(r => r.RecordedAt)
            .ToListAsync(cancellationToken);
        var evidence = relationships.SelectMany(r => r.Evidence).Where(e => e.RecordedAt <= at).ToList();
        var evidenceRecordIds = evidence.Select(e => e.PersonRecordId).Distinct().ToList();
        var messageIds = evidence.Select(e => e.InboundMessageId).Distinct().ToList();
        var family = new[] { child.MotherPersonId, infantId }.OfType<Guid>().ToList();

        // The records beneath the links: each man's record in each message that stated his link, and the mother's
        // (and infant's) record in the same messages, on which the child side of the link rests.
        var records = await db.PersonRecords.AsNoTracking()
            .Where(r => r.CreatedAt <= at
                && (evidenceRecordIds.Contains(r.Id) || (messageIds.Contains(r.InboundMessageId) && family.Contains(r.PersonId))))
            .OrderBy(r => r.CreatedAt)
            .Select(r => new PersonLink(r.Id, r.PersonId, r.Agency, r.Role, r.InboundMessageId, r.LinkRule, r.LinkConfidence, r.CreatedAt))
            .ToListAsync(cancellationToken);
        // Reviewers' merges and unmerges since asOf moved records (and the links resting on them) between persons:
        // undo them, latest first, so that each link and record shows the person it belonged to at that moment.
        var later = asOf is null ? [] : await db.PersonMerges.AsNoTracking().Where(m => m.At > at).OrderByDescending(m => m.At).ToListAsync(cancellationToken);
        foreach (var merge in later)
        {
            foreach (var relationship in relationships.Where(r => r.PersonId == merge.IntoPersonId
                && r.Evidence.Any(e => merge.PersonRecordIds.Contains(e.PersonRecordId))))
            {
                relationship.PersonId = merge.FromPersonId;
            }

            records = records
                .Select(r => r.PersonId == merge.IntoPersonId && merge.PersonRecordIds.Contains(r.PersonRecordId) ? r with { PersonId = merge.FromPersonId } : r)
                .ToList();
        }

        var personIds = relationships.Select(r => r.PersonId).Concat(family).Distinct().ToList();
        var indicators = await IndicatorsAsync(db, personIds, later, at, cancellationToken);
        var nhsNumbers = await db.Persons.AsNoTracking()
            .Where(p => personIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.NhsNumber, cancellationToken);
        var messages = await db.InboundMessages.AsNoTracking()
            .Where(m => messageIds.Contains(m.Id))
            .OrderBy(m => m.ReceivedAt)
            .Select(m => new SourceMessage(m.Id, m.Agency, m.MessageId, m.RoutingKey, m.MessageType, m.SentAt, m.ReceivedAt, m.Status == InboundStatus.Accepted ? "accepted" : "rejected"))
            .ToListAsync(cancellationToken);
        var messageIdOf = messages.ToDictionary(m => m.InboundMessageId, m => m.MessageId);
        var flags = await FlagStatesAsync(db, childId, at, cancellationToken);

        var linkedPeople = relationships.GroupBy(r => r.PersonId).Select(g => new LinkedPersonHistory(
            g.Key,
            nhsNumbers.GetValueOrDefault(g.Key),
            g.Select(r => new RelationshipState(
                r.Id,
                r.ChildId,
                r.Type,
                r.Rule,
                r.Confidence,
                r.ValidFrom,
                r.ValidTo,
                r.RecordedAt,
                r.ValidTo is { } to && to <= (asOf ?? DateTimeOffset.UtcNow) ? "ended" : "current",
                r.Evidence.Where(e => e.RecordedAt <= at).OrderBy(e => e.RecordedAt).Select(e => new EvidenceItem(
                    e.InboundMessageId, e.Agency, messageIdOf.GetValueOrDefault(e.InboundMessageId), e.CodeSystem, e.Code, e.PersonRecordId, e.RecordedAt)).ToList())).ToList(),
            records.Where(l => l.PersonId == g.Key && evidenceRecordIds.Contains(l.PersonRecordId)).ToList())).ToList();

        var subjects = new List<Guid> { childId };
        subjects.AddRange(relationships.Select(r => r.Id));
        subjects.AddRange(flags.Select(f => f.FlagId));
        subjects.AddRange(records.Select(r => r.PersonRecordId));
        var changes = db.AuditEntries.About(subjects, asOf).Changes();
        var paging = changesPage ?? new Paging(1, int.MaxValue);
        var (entries, total) = await changes.PageAsync(paging.Skip, paging.PageSize, cancellationToken);

        return new ChildHistoryResponse(
            child.Id,
            asOf,
            born ? "infant" : "unborn",
            child.CreatedAt,
            child.MotherPersonId,
            child.MotherPersonId is { } mother ? nhsNumbers.GetValueOrDefault(mother) : null,
            child.ExpectedDeliveryDate,
            infantId,
            infantId is { } infant ? nhsNumbers.GetValueOrDefault(infant) : null,
            born ? child.BirthDate : null,
            records.Where(l => family.Contains(l.PersonId)).ToList(),
            linkedPeople,
            messages,
            flags,
            new Page<AuditChange>(entries.Select(AuditChange.From).ToList(), paging.Page, changesPage?.PageSize ?? entries.Count, total),
            indicators);
    }

    /// <summary>
    /// What agencies recorded about the linked men, the mother and the infant that flag rules read (kind and code, not
    /// the agency's words), as it stood: later merges undone, as for the links, so that each indicator shows the
    /// person its record belonged to then.
    /// </summary>
    private static async Task<List<IndicatorState>> IndicatorsAsync(
        InfoSharingDbContext db, List<Guid> personIds, List<Data.People.PersonMerge> later, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var lookup = personIds.Concat(later.SelectMany(m => new[] { m.FromPersonId, m.IntoPersonId })).Distinct().ToList();
        var indicators = await db.RiskIndicators.AsNoTracking()
            .Where(i => lookup.Contains(i.PersonId) && i.RecordedAt <= at)
            .OrderBy(i => i.RecordedAt)
            .ToListAsync(cancellationToken);
        foreach (var merge in later)
        {
            foreach (var indicator in indicators.Where(i => i.PersonId == merge.IntoPersonId && merge.PersonRecordIds.Contains(i.PersonRecordId)))
            {
                indicator.PersonId = merge.FromPersonId;
            }
        }

        return indicators.Where(i => personIds.Contains(i.PersonId))
            .Select(i => new IndicatorState(i.Id, i.PersonId, i.Agency, i.InboundMessageId, i.Kind, i.CodeSystem, i.Code, i.Certainty, i.EnteredInError, i.Active, i.EffectiveFrom, i.EffectiveTo, i.RecordedAt))
            .ToList();
    }

    public static async Task<List<FlagState>> FlagStatesAsync(InfoSharingDbContext db, Guid childId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var flags = await db.Flags.AsNoTracking()
            .Where(f => f.ChildId == childId && f.RaisedAt <= at)
            .Include(f => f.Versions)
            .OrderBy(f => f.RaisedAt)
            .ToListAsync(cancellationToken);
        return flags
            .Select(f => (Flag: f, Version: f.Versions.Where(v => v.RecordedAt <= at).MaxBy(v => v.Version)))
            .Where(x => x.Version is not null)
            .Select(x => new FlagState(x.Flag.Id, x.Flag.Code, x.Flag.PersonId, x.Version!.Status, x.Version.Version, x.Flag.RaisedAt))
            .ToList();
    }
}
