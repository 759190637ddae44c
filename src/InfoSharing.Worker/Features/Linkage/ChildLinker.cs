using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Linkage;
using InfoSharing.Domain.Relationships;
using InfoSharing.Worker.Features.People;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.Linkage;

/// <summary>
/// Finds or creates the child a statement is about (an unborn child by its mother and expected delivery date, or an
/// infant), records births (a pregnancy's child becomes the infant, so every man linked before birth stays linked),
/// and links men to children, keeping every source that stated the link as evidence.
/// </summary>
public sealed class ChildLinker(TimeProvider time)
{
    /// <summary>
    /// Tracks, in one query each, every child whose mother or infant is one of <paramref name="persons"/> and every
    /// relationship of those children, so that the batch's lookups by mother, infant and child are answered from the
    /// change tracker (<paramref name="loaded"/> says for whom that is complete) instead of a query per message.
    /// Called after the persons are locked, so the rows read cannot change under the batch.
    /// </summary>
    public async Task PreloadAsync(InfoSharingDbContext db, LoadedChildren loaded, IEnumerable<Guid> persons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(persons);
        var ids = persons.Where(p => !loaded.Persons.Contains(p)).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var children = await db.Children
            .Where(c => (c.MotherPersonId != null && ids.Contains(c.MotherPersonId.Value)) || (c.InfantPersonId != null && ids.Contains(c.InfantPersonId.Value)))
            .ToListAsync(cancellationToken);
        var childIds = children.Select(c => c.Id).Where(c => !loaded.Children.Contains(c)).ToList();
        if (childIds.Count > 0)
        {
            await db.Relationships.Where(r => childIds.Contains(r.ChildId)).LoadAsync(cancellationToken);
        }

        loaded.Persons.UnionWith(ids);
        loaded.Children.UnionWith(childIds);
    }

    public async Task<Child> FindOrCreateUnbornChildAsync(
        InfoSharingDbContext db, Guid motherPersonId, DateOnly expectedDeliveryDate, CancellationToken cancellationToken, LoadedChildren? loaded = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var child = db.Tracked<Child>().FirstOrDefault(c => c.MotherPersonId == motherPersonId && c.ExpectedDeliveryDate == expectedDeliveryDate);
        if (child is null && loaded?.Persons.Contains(motherPersonId) != true)
        {
            child = await db.Children.FirstOrDefaultAsync(c => c.MotherPersonId == motherPersonId && c.ExpectedDeliveryDate == expectedDeliveryDate, cancellationToken);
        }

        return child ?? Add(db, new Child { MotherPersonId = motherPersonId, ExpectedDeliveryDate = expectedDeliveryDate }, loaded);
    }

    /// <summary>The mother's most recent child (her current pregnancy, or her latest infant), if any is known.</summary>
    public async Task<Child?> FindCurrentChildOfMotherAsync(InfoSharingDbContext db, Guid motherPersonId, CancellationToken cancellationToken, LoadedChildren? loaded = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var local = db.Tracked<Child>().Where(c => c.MotherPersonId == motherPersonId).OrderByDescending(c => c.ExpectedDeliveryDate ?? c.BirthDate).FirstOrDefault();
        if (local is not null || loaded?.Persons.Contains(motherPersonId) == true)
        {
            return local;
        }

        return await db.Children.Where(c => c.MotherPersonId == motherPersonId)
                .OrderByDescending(c => c.ExpectedDeliveryDate ?? c.BirthDate)
                .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<Child> FindOrCreateInfantChildAsync(InfoSharingDbContext db, Guid infantPersonId, CancellationToken cancellationToken, LoadedChildren? loaded = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var child = await FindInfantChildAsync(db, infantPersonId, loaded, cancellationToken);
        return child ?? Add(db, new Child { InfantPersonId = infantPersonId }, loaded);
    }

    private static async Task<Child?> FindInfantChildAsync(InfoSharingDbContext db, Guid infantPersonId, LoadedChildren? loaded, CancellationToken cancellationToken) =>
        db.Tracked<Child>().FirstOrDefault(c => c.InfantPersonId == infantPersonId)
        ?? (loaded?.Persons.Contains(infantPersonId) == true ? null : await db.Children.FirstOrDefaultAsync(c => c.InfantPersonId == infantPersonId, cancellationToken));

    /// <summary>
    /// A birth turns the mother's pregnancy into the infant: the same child row, so relationships made before birth
    /// carry over. The pregnancy is the one with the stated expected delivery date, else her open pregnancy nearest
    /// the birth date. An infant already known on its own (e.g. from a GP registration) is joined to the pregnancy.
    /// </summary>
    public async Task<Child> RecordBirthAsync(
        InfoSharingDbContext db, Guid motherPersonId, Guid infantPersonId, DateOnly? birthDate, DateOnly? expectedDeliveryDate, CancellationToken cancellationToken, LoadedChildren? loaded = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var existingInfant = await FindInfantChildAsync(db, infantPersonId, loaded, cancellationToken);
        if (existingInfant is { MotherPersonId: not null })
        {
            existingInfant.BirthDate ??= birthDate;
            return existingInfant;
        }

        var open = loaded?.Persons.Contains(motherPersonId) == true
            ? []
            : await db.Children.Where(c => c.MotherPersonId == motherPersonId && c.InfantPersonId == null).ToListAsync(cancellationToken);
        open.AddRange(db.Tracked<Child>().Where(c => c.MotherPersonId == motherPersonId && c.InfantPersonId == null && !open.Contains(c)));
        var pregnancy = expectedDeliveryDate is { } edd
            ? open.FirstOrDefault(c => c.ExpectedDeliveryDate == edd)
            : open.OrderBy(c => Distance(c.ExpectedDeliveryDate, birthDate)).FirstOrDefault();

        if (pregnancy is null)
        {
            if (existingInfant is not null)
            {
                existingInfant.MotherPersonId = motherPersonId;
                existingInfant.BirthDate ??= birthDate;
                return existingInfant;
            }

            return Add(db, new Child { MotherPersonId = motherPersonId, InfantPersonId = infantPersonId, BirthDate = birthDate, ExpectedDeliveryDate = expectedDeliveryDate }, loaded);
        }

        if (existingInfant is not null)
        {
            await MergeInfantIntoPregnancyAsync(db, existingInfant, pregnancy, cancellationToken);
        }

        pregnancy.InfantPersonId = infantPersonId;
        pregnancy.BirthDate = birthDate;
        db.Record(AuditLog.BirthRecorded, "worker:linkage", time.GetUtcNow(), [pregnancy.Id, motherPersonId, infantPersonId], new
        {
            childId = pregnancy.Id,
            motherPersonId,
            infantPersonId,
            birthDate,
            expectedDeliveryDate = pregnancy.ExpectedDeliveryDate,
            carriedOver = "relationships made before birth stay on this child",
        });
        return pregnancy;
    }

    /// <summary>
    /// The infant was known on its own (e.g. a GP registration) before the birth tied it to its mother's pregnancy:
    /// its relationships move to the pregnancy's child (evidence joins an equal relationship there), and so do its
    /// flags. A flag the pregnancy already holds for the same man stays on the old row, which is kept, marked merged,
    /// so that nothing disclosed loses its subject. Every move is in the audit log.
    /// </summary>
    private async Task MergeInfantIntoPregnancyAsync(InfoSharingDbContext db, Child infantOnly, Child pregnancy, CancellationToken cancellationToken)
    {
        var moved = new List<Guid>();
        var joined = new List<Guid>();
        var survivors = await db.Relationships.Where(r => r.ChildId == pregnancy.Id).ToListAsync(cancellationToken);
        foreach (var relationship in await db.Relationships.Include(r => r.Evidence).Where(r => r.ChildId == infantOnly.Id).ToListAsync(cancellationToken))
        {
            var same = survivors.FirstOrDefault(r => r.PersonId == relationship.PersonId && r.Type == relationship.Type);
            if (same is null)
            {
                relationship.ChildId = pregnancy.Id;
                moved.Add(relationship.Id);
                continue;
            }

            foreach (var evidence in relationship.Evidence)
            {
                evidence.RelationshipId = same.Id;
            }

            await db.StatedRelationships.Where(s => s.RelationshipId == relationship.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.RelationshipId, same.Id), cancellationToken);
            same.ValidFrom = same.ValidFrom < relationship.ValidFrom ? same.ValidFrom : relationship.ValidFrom;
            db.Relationships.Remove(relationship);
            joined.Add(relationship.Id);
        }

        var heldFlags = await db.Flags.Where(f => f.ChildId == pregnancy.Id).Select(f => new { f.Code, f.PersonId }).ToListAsync(cancellationToken);
        var movedFlags = new List<Guid>();
        var keptFlags = new List<Guid>();
        foreach (var flag in await db.Flags.Where(f => f.ChildId == infantOnly.Id).ToListAsync(cancellationToken))
        {
            if (heldFlags.Any(h => h.Code == flag.Code && h.PersonId == flag.PersonId))
            {
                keptFlags.Add(flag.Id);
            }
            else
            {
                flag.ChildId = pregnancy.Id;
                movedFlags.Add(flag.Id);
            }
        }

        infantOnly.InfantPersonId = null;
        infantOnly.MergedIntoChildId = pregnancy.Id;
        db.Record(AuditLog.ChildrenMerged, "worker:linkage", time.GetUtcNow(), [infantOnly.Id, pregnancy.Id], new
        {
            mergedChildId = infantOnly.Id,
            intoChildId = pregnancy.Id,
            reason = "birth notified for an infant already known on its own",
            relationshipsMoved = moved,
            relationshipsJoinedToEqual = joined,
            flagsMoved = movedFlags,
            flagsKeptOnMergedRow = keptFlags,
        });

        // Free the infant's unique index before the pregnancy takes the infant.
        await db.FlushKeepingAuditPendingAsync(cancellationToken);
    }

    /// <summary>Records that <paramref name="person"/> stands in <paramref name="type"/> to the child; returns the relationship and whether it is new.</summary>
    public async Task<(Relationship Relationship, bool IsNew)> LinkAsync(
        InfoSharingDbContext db,
        InboundMessage source,
        Child child,
        ResolvedPerson person,
        decimal childLinkConfidence,
        RelationshipType type,
        RelationshipCode code,
        string rule,
        CancellationToken cancellationToken,
        LoadedChildren? loaded = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(person);
        var now = time.GetUtcNow();
        var typeCode = type.ToCode();
        var relationship = db.Tracked<Relationship>().FirstOrDefault(r => r.ChildId == child.Id && r.PersonId == person.Person.Id && r.Type == typeCode);
        if (relationship is null && loaded?.Children.Contains(child.Id) != true)
        {
            relationship = await db.Relationships.FirstOrDefaultAsync(r => r.ChildId == child.Id && r.PersonId == person.Person.Id && r.Type == typeCode, cancellationToken);
        }

        var isNew = relationship is null;
        if (relationship is null)
        {
            relationship = new Relationship
            {
                Id = Guid.CreateVersion7(),
                ChildId = child.Id,
                PersonId = person.Person.Id,
                Type = typeCode,
                Rule = rule,

                // A relationship is only as sure as the weakest person link beneath it.
                Confidence = Math.Min(childLinkConfidence, person.Record.LinkConfidence),
                ValidFrom = source.SentAt ?? source.ReceivedAt,
                RecordedAt = now,
            };
            db.Relationships.Add(relationship);
        }

        db.Record(AuditLog.RelationshipLinked, "worker:linkage", now, [relationship.Id, child.Id, person.Person.Id, source.Id], new
        {
            relationshipId = relationship.Id,
            change = isNew ? "linked" : "evidence-added",
            childId = child.Id,
            personId = person.Person.Id,
            type = typeCode,
            rule,
            confidence = relationship.Confidence,
            evidence = new { agency = source.Agency, inboundMessageId = source.Id, personRecordId = person.Record.Id, codeSystem = code.System, code = code.Code },
        });
        db.RelationshipEvidence.Add(new RelationshipEvidence
        {
            Id = Guid.CreateVersion7(),
            RelationshipId = relationship.Id,
            InboundMessageId = source.Id,
            PersonRecordId = person.Record.Id,
            Agency = source.Agency,
            CodeSystem = code.System,
            Code = code.Code,
            RecordedAt = now,
        });
        return (relationship, isNew);
    }

    private Child Add(InfoSharingDbContext db, Child child, LoadedChildren? loaded)
    {
        child.Id = Guid.CreateVersion7();
        child.CreatedAt = time.GetUtcNow();
        db.Children.Add(child);

        // A new child's relationships are all in the change tracker.
        loaded?.Children.Add(child.Id);
        return child;
    }

    private static int Distance(DateOnly? expected, DateOnly? born) =>
        expected is { } e && born is { } b ? Math.Abs(e.DayNumber - b.DayNumber) : int.MaxValue;
}

/// <summary>For whom one ingest batch's change tracker holds every child and relationship (<see cref="ChildLinker.PreloadAsync"/>).</summary>
public sealed class LoadedChildren
{
    /// <summary>Persons every child of whom (as mother or infant) is tracked.</summary>
    public HashSet<Guid> Persons { get; } = [];

    /// <summary>Children every relationship of which is tracked.</summary>
    public HashSet<Guid> Children { get; } = [];
}
