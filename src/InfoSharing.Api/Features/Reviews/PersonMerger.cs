using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.People;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Reviews;

/// <summary>
/// Manual merges and unmerges (docs/decisions/0008). A merge moves everything the merged person held to the kept
/// person and leaves the merged row as a tombstone (merged_into_person_id); an unmerge moves one record, and what
/// came from it, out to a person of its own. Both write person_merges history, an audit entry, a match exclusion
/// where the decision says "not the same", and a re-evaluation request for every child whose men changed.
/// Runs inside the caller's transaction.
/// </summary>
internal static class PersonMerger
{
    public static async Task<PersonMerge> MergeAsync(
        InfoSharingDbContext db, Guid from, Guid into, Guid? reviewTaskId, string actor, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = await db.PersonRecords.Where(r => r.PersonId == from).Select(r => r.Id).ToListAsync(cancellationToken);
        var children = await ChildrenOfAsync(db, [from, into], cancellationToken);
        var source = await db.Persons.SingleAsync(p => p.Id == from, cancellationToken);
        var target = await db.Persons.SingleAsync(p => p.Id == into, cancellationToken);

        // Order matters only for the unique indexes: a row the kept person already has stays with the tombstone.
        await db.Database.ExecuteSqlAsync($"""
            UPDATE person.person_records SET person_id = {into} WHERE person_id = {from};
            UPDATE person.risk_indicators SET person_id = {into} WHERE person_id = {from};
            UPDATE linkage.relationship_evidence e SET relationship_id = x.id
              FROM linkage.relationships r JOIN linkage.relationships x
                ON x.child_id = r.child_id AND x.type = r.type AND x.person_id = {into}
             WHERE e.relationship_id = r.id AND r.person_id = {from}
               AND NOT EXISTS (SELECT 1 FROM linkage.relationship_evidence d WHERE d.relationship_id = x.id AND d.person_record_id = e.person_record_id);
            UPDATE linkage.relationships r SET person_id = {into}
             WHERE r.person_id = {from}
               AND NOT EXISTS (SELECT 1 FROM linkage.relationships x WHERE x.child_id = r.child_id AND x.type = r.type AND x.person_id = {into});
            UPDATE flags.flags f SET person_id = {into}
             WHERE f.person_id = {from}
               AND NOT EXISTS (SELECT 1 FROM flags.flags x WHERE x.code = f.code AND x.child_id = f.child_id AND x.person_id = {into});
            UPDATE linkage.contacts SET subject_person_id = {into} WHERE subject_person_id = {from};
            UPDATE linkage.contacts SET present_person_ids = array_replace(present_person_ids, {from}, {into}) WHERE {from} = ANY(present_person_ids);
            UPDATE linkage.appointments SET person_id = {into} WHERE person_id = {from};
            UPDATE linkage.household_members SET person_id = {into} WHERE person_id = {from};
            UPDATE linkage.marac_case_events SET victim_person_id = {into} WHERE victim_person_id = {from};
            UPDATE linkage.marac_case_events SET perpetrator_person_ids = array_replace(perpetrator_person_ids, {from}, {into}),
                                                 child_person_ids = array_replace(child_person_ids, {from}, {into})
             WHERE {from} = ANY(perpetrator_person_ids) OR {from} = ANY(child_person_ids);
            UPDATE linkage.children c SET mother_person_id = {into}
             WHERE mother_person_id = {from}
               AND NOT EXISTS (SELECT 1 FROM linkage.children x WHERE x.mother_person_id = {into} AND x.expected_delivery_date IS NOT DISTINCT FROM c.expected_delivery_date);
            UPDATE linkage.children SET infant_person_id = {into}
             WHERE infant_person_id = {from} AND NOT EXISTS (SELECT 1 FROM linkage.children x WHERE x.infant_person_id = {into});
            """, cancellationToken);

        if (target.NhsNumber is null && source.NhsNumber is not null)
        {
            var nhs = source.NhsNumber;
            source.NhsNumber = null;
            await db.SaveChangesAsync(cancellationToken);
            target.NhsNumber = nhs;
        }

        source.MergedIntoPersonId = into;
        var merge = History(db, PersonMerge.Merge, from, into, records, reviewTaskId, actor, reason, now);
        Reevaluate(db, children, merge, now);
        db.Record(AuditLog.PersonsMerged, actor, now, [from, into, merge.Id, .. records, .. children], new
        {
            personMergeId = merge.Id,
            fromPersonId = from,
            intoPersonId = into,
            personRecordIds = records,
            reviewTaskId,
            reason,
            childrenToReevaluate = children,
        });
        return merge;
    }

    public static async Task<(PersonMerge Merge, Person Person)> UnmergeAsync(
        InfoSharingDbContext db, PersonRecord record, string actor, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = record.PersonId;
        var children = await ChildrenOfAsync(db, [from], cancellationToken);
        var person = new Person { Id = Guid.CreateVersion7(), CreatedAt = now };
        db.Persons.Add(person);
        await db.SaveChangesAsync(cancellationToken);
        var into = person.Id;
        var message = record.InboundMessageId;
        var recordId = record.Id;

        // What came from this record: rows that name it, and the person rows written from its message.
        await db.Database.ExecuteSqlAsync($"""
            UPDATE person.person_records SET person_id = {into} WHERE id = {recordId};
            UPDATE person.risk_indicators SET person_id = {into} WHERE person_record_id = {recordId};
            UPDATE linkage.household_members SET person_id = {into} WHERE person_record_id = {recordId};
            UPDATE linkage.relationships r SET person_id = {into}
             WHERE r.person_id = {from}
               AND EXISTS (SELECT 1 FROM linkage.relationship_evidence e WHERE e.relationship_id = r.id AND e.person_record_id = {recordId})
               AND NOT EXISTS (SELECT 1 FROM linkage.relationship_evidence e WHERE e.relationship_id = r.id AND e.person_record_id <> {recordId});
            UPDATE flags.flags f SET person_id = {into}
             WHERE f.person_id = {from} AND f.child_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM linkage.relationships r WHERE r.person_id = {into} AND r.child_id = f.child_id)
               AND NOT EXISTS (SELECT 1 FROM linkage.relationships r WHERE r.person_id = {from} AND r.child_id = f.child_id);
            UPDATE linkage.contacts SET subject_person_id = {into} WHERE subject_person_id = {from} AND inbound_message_id = {message};
            UPDATE linkage.appointments SET person_id = {into} WHERE person_id = {from} AND inbound_message_id = {message};
            UPDATE linkage.marac_case_events SET perpetrator_person_ids = array_replace(perpetrator_person_ids, {from}, {into})
             WHERE inbound_message_id = {message} AND {from} = ANY(perpetrator_person_ids);
            """, cancellationToken);

        if (record.NhsNumberValid && record.NhsNumber is { } nhs && await db.Persons.AnyAsync(p => p.Id == from && p.NhsNumber == nhs, cancellationToken)
            && !await db.PersonRecords.AnyAsync(r => r.PersonId == from && r.Id != recordId && r.NhsNumber == nhs && r.NhsNumberValid, cancellationToken))
        {
            var old = await db.Persons.SingleAsync(p => p.Id == from, cancellationToken);
            old.NhsNumber = null;
            await db.SaveChangesAsync(cancellationToken);
            person.NhsNumber = nhs;
        }

        Exclude(db, record, from, actor, reason, now);
        var merge = History(db, PersonMerge.Unmerge, from, into, [recordId], null, actor, reason, now);
        Reevaluate(db, children, merge, now);
        db.Record(AuditLog.PersonUnmerged, actor, now, [from, into, merge.Id, recordId, .. children], new
        {
            personMergeId = merge.Id,
            fromPersonId = from,
            intoPersonId = into,
            personRecordId = recordId,
            reason,
            childrenToReevaluate = children,
        });
        return (merge, person);
    }

    /// <summary>A manual "not the same": the matcher never links this agency record to that person again.</summary>
    public static void Exclude(InfoSharingDbContext db, PersonRecord record, Guid personId, string actor, string reason, DateTimeOffset now) =>
        db.MatchExclusions.Add(new MatchExclusion
        {
            Id = Guid.CreateVersion7(),
            PersonRecordId = record.Id,
            Agency = record.Agency,
            LocalId = record.LocalId,
            PersonId = personId,
            DecidedBy = actor,
            Reason = reason,
            CreatedAt = now,
        });

    private static PersonMerge History(
        InfoSharingDbContext db, string kind, Guid from, Guid into, List<Guid> records, Guid? reviewTaskId, string actor, string reason, DateTimeOffset now)
    {
        var merge = new PersonMerge
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            FromPersonId = from,
            IntoPersonId = into,
            PersonRecordIds = records,
            ReviewTaskId = reviewTaskId,
            DecidedBy = actor,
            Reason = reason,
            At = now,
        };
        db.PersonMerges.Add(merge);
        return merge;
    }

    private static void Reevaluate(InfoSharingDbContext db, List<Guid> children, PersonMerge merge, DateTimeOffset now) =>
        db.ReevaluationRequests.AddRange(children.Select(child => new ReevaluationRequest
        {
            Id = Guid.CreateVersion7(),
            ChildId = child,
            Cause = merge.Kind,
            PersonMergeId = merge.Id,
            RequestedAt = now,
        }));

    /// <summary>Children any of these persons is linked to, mother of, or is.</summary>
    private static Task<List<Guid>> ChildrenOfAsync(InfoSharingDbContext db, Guid[] persons, CancellationToken cancellationToken) =>
        db.Relationships.Where(r => persons.Contains(r.PersonId)).Select(r => r.ChildId)
            .Union(db.Children.Where(c => (c.MotherPersonId != null && persons.Contains(c.MotherPersonId.Value))
                || (c.InfantPersonId != null && persons.Contains(c.InfantPersonId.Value))).Select(c => c.Id))
            .ToListAsync(cancellationToken);
}
