using InfoSharing.Data;
using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.Flags;

/// <summary>
/// Loads everything the flag rules read about one child from PostgreSQL, in the caller's transaction: the men linked
/// to it (every relationship, ended or undone), what is recorded about them, the mother and the infant, the infant's
/// appointments, the contacts that saw any of them, and the links between each man and the mother.
/// </summary>
public sealed class InfantPictureLoader
{
    public async Task<InfantPicture?> LoadAsync(InfoSharingDbContext db, Guid childId, DateTimeOffset asOf, IndicatorTerminology terminology, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var child = await db.Children.AsNoTracking().FirstOrDefaultAsync(c => c.Id == childId && c.MergedIntoChildId == null, cancellationToken);
        if (child is null)
        {
            return null;
        }

        var relationships = await db.Relationships.AsNoTracking().Include(r => r.Evidence)
            .Where(r => r.ChildId == childId)
            .ToListAsync(cancellationToken);
        var menIds = relationships.Select(r => r.PersonId).Distinct().ToList();
        var everyone = menIds.Concat(new[] { child.MotherPersonId, child.InfantPersonId }.OfType<Guid>()).Distinct().ToList();

        var indicators = await LoadIndicatorsAsync(db, everyone, terminology, cancellationToken);
        var appointments = child.InfantPersonId is { } infant
            ? await db.Appointments.AsNoTracking().Where(a => a.PersonId == infant)
                .Select(a => new AppointmentFact(a.Id, a.Agency, a.Date, a.NotAttended)).ToListAsync(cancellationToken)
            : [];
        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => everyone.Contains(c.SubjectPersonId) || c.PresentPersonIds.Any(p => everyone.Contains(p)))
            .Select(c => new ContactFact(c.Id, c.Agency, c.Date, c.SubjectPersonId, c.PresentPersonIds))
            .ToListAsync(cancellationToken);
        var motherLinks = child.MotherPersonId is { } mother
            ? await LoadMotherLinksAsync(db, mother, childId, menIds, cancellationToken)
            : [];

        return new InfantPicture
        {
            ChildId = child.Id,
            IsBorn = child.InfantPersonId is not null || child.BirthDate is not null,
            BirthDate = child.BirthDate,
            ExpectedDeliveryDate = child.ExpectedDeliveryDate,
            MotherPersonId = child.MotherPersonId,
            InfantPersonId = child.InfantPersonId,
            AsOf = asOf,
            LinkedPeople = menIds.Select(man => new LinkedPersonFacts
            {
                PersonId = man,
                Relationships = relationships.Where(r => r.PersonId == man).Select(r => new RelationshipFact(
                    r.Id,
                    RelationshipTypeCodes.FromCode(r.Type),
                    r.Confidence,
                    r.ValidFrom,
                    r.ValidTo,
                    r.Evidence.Select(e => e.Agency).Distinct().Order(StringComparer.Ordinal).ToList(),
                    r.UndoneAt is not null)).ToList(),
                Indicators = indicators.Where(i => i.PersonId == man).Select(i => i.Fact).ToList(),
                MotherLinks = motherLinks.Where(l => l.PersonId == man).Select(l => l.Fact).ToList(),
            }).ToList(),
            MotherIndicators = indicators.Where(i => i.PersonId == child.MotherPersonId).Select(i => i.Fact).ToList(),
            InfantIndicators = indicators.Where(i => i.PersonId == child.InfantPersonId).Select(i => i.Fact).ToList(),
            InfantAppointments = appointments,
            Contacts = contacts,
        };
    }

    /// <summary>
    /// The indicator facts of these people, read under the value sets in force (<see cref="IndicatorStatements"/>): with
    /// every statement, whoever it is about, that shares a source resource with one of theirs, so that a later statement
    /// moving or withdrawing it is seen.
    /// </summary>
    private static async Task<List<(Guid PersonId, IndicatorFact Fact)>> LoadIndicatorsAsync(
        InfoSharingDbContext db, List<Guid> people, IndicatorTerminology terminology, CancellationToken cancellationToken)
    {
        var rows = await db.RiskIndicators.AsNoTracking().Where(i => people.Contains(i.PersonId)).ToListAsync(cancellationToken);
        var resources = rows.Where(i => i.SourceResource != null).Select(i => i.SourceResource!).Distinct().ToList();
        if (resources.Count > 0)
        {
            var known = rows.Select(i => i.Id).ToHashSet();
            rows.AddRange((await db.RiskIndicators.AsNoTracking()
                .Where(i => i.SourceResource != null && resources.Contains(i.SourceResource) && !people.Contains(i.PersonId))
                .ToListAsync(cancellationToken)).Where(i => !known.Contains(i.Id)));
        }

        var statements = rows.Select(i => new StoredIndicator
        {
            Id = i.Id,
            PersonId = i.PersonId,
            Agency = i.Agency,
            Kind = i.Kind,
            Codings = IndicatorCodings.Deserialize(i.Codings),
            SourceResource = i.SourceResource,
            StatedAt = i.StatedAt,
            RecordedAt = i.RecordedAt,
            Active = i.Active,
            EnteredInError = i.EnteredInError,
            Certainty = i.Certainty,
            From = i.EffectiveFrom,
            To = i.EffectiveTo,
            Code = i.Code,
        });
        return IndicatorStatements.Resolve(statements, terminology, people.ToHashSet()).ToList();
    }

    private static async Task<List<(Guid PersonId, MotherLinkFact Fact)>> LoadMotherLinksAsync(
        InfoSharingDbContext db, Guid mother, Guid childId, List<Guid> men, CancellationToken cancellationToken)
    {
        var links = new List<(Guid, MotherLinkFact)>();

        // Shared households: the overlap of his membership and hers in the same household.
        var memberships = await db.HouseholdMembers.AsNoTracking()
            .Where(m => m.PersonId == mother || men.Contains(m.PersonId))
            .ToListAsync(cancellationToken);
        foreach (var hers in memberships.Where(m => m.PersonId == mother))
        {
            foreach (var his in memberships.Where(m => m.PersonId != mother && m.HouseholdId == hers.HouseholdId))
            {
                var from = Max(hers.From, his.From);
                var to = Min(hers.To, his.To);
                if (from is null || to is null || from <= to)
                {
                    links.Add((his.PersonId, new MotherLinkFact(his.Id, MotherLinkKinds.SharedHousehold, "housing", from, to)));
                }
            }
        }

        // His relationships to her other children.
        var otherChildren = await db.Children.AsNoTracking().Where(c => c.MotherPersonId == mother && c.Id != childId).Select(c => c.Id).ToListAsync(cancellationToken);
        var otherRelationships = await db.Relationships.AsNoTracking().Include(r => r.Evidence)
            .Where(r => otherChildren.Contains(r.ChildId) && men.Contains(r.PersonId) && r.UndoneAt == null)
            .ToListAsync(cancellationToken);
        links.AddRange(otherRelationships.Select(r => (r.PersonId, new MotherLinkFact(
            r.Id, MotherLinkKinds.OtherChild, r.Evidence.Select(e => e.Agency).FirstOrDefault() ?? "unknown",
            DateOnly.FromDateTime(r.ValidFrom.UtcDateTime), r.ValidTo is { } end ? DateOnly.FromDateTime(end.UtcDateTime) : null))));

        // MARAC cases with her as victim and him as alleged perpetrator: from the first event to the closure.
        var cases = await db.MaracCaseEvents.AsNoTracking().Where(e => e.VictimPersonId == mother).ToListAsync(cancellationToken);
        foreach (var group in cases.GroupBy(e => e.CaseRef))
        {
            var from = group.Min(e => e.Date);
            var closed = group.Where(e => e.Event == "closed").Select(e => e.Date).Max();
            foreach (var man in group.SelectMany(e => e.PerpetratorPersonIds).Distinct().Where(men.Contains))
            {
                links.Add((man, new MotherLinkFact(group.First().Id, MotherLinkKinds.MaracCase, "marac", from, closed)));
            }
        }

        return links;
    }

    private static DateOnly? Max(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    private static DateOnly? Min(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : (a < b ? a : b);
}
