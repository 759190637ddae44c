using InfoSharing.Data;
using InfoSharing.Data.Linkage;
using InfoSharing.Data.People;
using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.Flags;

/// <summary>
/// Loads everything the flag rules read about a batch of children from PostgreSQL, in the caller's transaction, with
/// one query per kind of fact for the whole batch (not per child): the men linked to each child (every relationship,
/// ended or undone), what is recorded about them, the mother and the infant, the infant's appointments, the contacts
/// that saw any of them, and the links between each man and the mother. Each child's picture is then assembled from
/// what the batch loaded, exactly as if it had been loaded alone (<see cref="Batch.Assemble"/>).
/// </summary>
public sealed class InfantPictureLoader
{
    /// <summary>The facts of every child of <paramref name="childIds"/> that exists and is not merged away.</summary>
    public async Task<Batch> LoadAsync(InfoSharingDbContext db, IReadOnlyCollection<Guid> childIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(childIds);
        var ids = childIds.Distinct().ToList();
        var children = await db.Children.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.MergedIntoChildId == null)
            .ToListAsync(cancellationToken);
        if (children.Count == 0)
        {
            return new Batch([], [], [], [], [], [], [], [], []);
        }

        var loaded = children.Select(c => c.Id).ToList();
        var relationships = await db.Relationships.AsNoTracking().Include(r => r.Evidence)
            .Where(r => loaded.Contains(r.ChildId))
            .ToListAsync(cancellationToken);
        var men = relationships.Select(r => r.PersonId).Distinct().ToList();
        var mothers = children.Select(c => c.MotherPersonId).OfType<Guid>().Distinct().ToList();
        var infants = children.Select(c => c.InfantPersonId).OfType<Guid>().Distinct().ToList();
        var everyone = men.Concat(mothers).Concat(infants).Distinct().ToList();

        // Indicators about anyone in the batch, and every statement (about whomever) sharing a source resource with one
        // of theirs: a later statement moving or withdrawing it decides what it means.
        var indicators = await db.RiskIndicators.AsNoTracking().Where(i => everyone.Contains(i.PersonId)).ToListAsync(cancellationToken);
        var resources = indicators.Where(i => i.SourceResource != null).Select(i => i.SourceResource!).Distinct().ToList();
        if (resources.Count > 0)
        {
            var known = indicators.Select(i => i.Id).ToHashSet();
            indicators.AddRange((await db.RiskIndicators.AsNoTracking()
                .Where(i => i.SourceResource != null && resources.Contains(i.SourceResource) && !everyone.Contains(i.PersonId))
                .ToListAsync(cancellationToken)).Where(i => !known.Contains(i.Id)));
        }

        var appointments = infants.Count == 0
            ? []
            : await db.Appointments.AsNoTracking().Where(a => infants.Contains(a.PersonId)).ToListAsync(cancellationToken);
        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => everyone.Contains(c.SubjectPersonId) || c.PresentPersonIds.Any(p => everyone.Contains(p)))
            .ToListAsync(cancellationToken);

        // What links each man to the mother other than this child: households, her other children, MARAC cases.
        var memberships = mothers.Count == 0
            ? []
            : await db.HouseholdMembers.AsNoTracking().Where(m => mothers.Contains(m.PersonId) || men.Contains(m.PersonId)).ToListAsync(cancellationToken);
        var mothersChildren = mothers.Count == 0
            ? []
            : await db.Children.AsNoTracking().Where(c => c.MotherPersonId != null && mothers.Contains(c.MotherPersonId.Value))
                .Select(c => new ChildOfMother(c.Id, c.MotherPersonId!.Value)).ToListAsync(cancellationToken);
        var mothersChildIds = mothersChildren.Select(c => c.ChildId).Distinct().ToList();
        var otherRelationships = mothersChildIds.Count == 0 || men.Count == 0
            ? []
            : await db.Relationships.AsNoTracking().Include(r => r.Evidence)
                .Where(r => mothersChildIds.Contains(r.ChildId) && men.Contains(r.PersonId) && r.UndoneAt == null)
                .ToListAsync(cancellationToken);
        var cases = mothers.Count == 0
            ? []
            : await db.MaracCaseEvents.AsNoTracking().Where(e => mothers.Contains(e.VictimPersonId)).ToListAsync(cancellationToken);

        return new Batch(children, relationships, indicators, appointments, contacts, memberships, mothersChildren, otherRelationships, cases);
    }

    /// <summary>A child of a mother in the batch (for his relationships to her other children).</summary>
    public sealed record ChildOfMother(Guid ChildId, Guid MotherPersonId);

    /// <summary>What one query per kind of fact gave for a batch of children; <see cref="Assemble"/> gives one child's picture.</summary>
    public sealed class Batch
    {
        private readonly Dictionary<Guid, Child> _children;
        private readonly ILookup<Guid, Relationship> _relationshipsByChild;
        private readonly ILookup<Guid, RiskIndicator> _indicatorsByPerson;
        private readonly ILookup<string, RiskIndicator> _indicatorsByResource;
        private readonly ILookup<Guid, AgencyAppointment> _appointmentsByPerson;
        private readonly IReadOnlyList<AgencyContact> _contacts;
        private readonly ILookup<Guid, HouseholdMember> _membershipsByPerson;
        private readonly ILookup<Guid, ChildOfMother> _childrenByMother;
        private readonly ILookup<Guid, Relationship> _otherRelationshipsByChild;
        private readonly ILookup<Guid, MaracCaseEvent> _casesByVictim;

        internal Batch(
            IReadOnlyList<Child> children,
            IReadOnlyList<Relationship> relationships,
            IReadOnlyList<RiskIndicator> indicators,
            IReadOnlyList<AgencyAppointment> appointments,
            IReadOnlyList<AgencyContact> contacts,
            IReadOnlyList<HouseholdMember> memberships,
            IReadOnlyList<ChildOfMother> mothersChildren,
            IReadOnlyList<Relationship> otherRelationships,
            IReadOnlyList<MaracCaseEvent> cases)
        {
            _children = children.ToDictionary(c => c.Id);
            _relationshipsByChild = relationships.ToLookup(r => r.ChildId);
            _indicatorsByPerson = indicators.ToLookup(i => i.PersonId);
            _indicatorsByResource = indicators.Where(i => i.SourceResource != null).ToLookup(i => i.SourceResource!, StringComparer.Ordinal);
            _appointmentsByPerson = appointments.ToLookup(a => a.PersonId);
            _contacts = contacts;
            _membershipsByPerson = memberships.ToLookup(m => m.PersonId);
            _childrenByMother = mothersChildren.ToLookup(c => c.MotherPersonId);
            _otherRelationshipsByChild = otherRelationships.ToLookup(r => r.ChildId);
            _casesByVictim = cases.ToLookup(e => e.VictimPersonId);
        }

        /// <summary>The children found (not merged away).</summary>
        public IReadOnlyCollection<Guid> ChildIds => _children.Keys;

        /// <summary>
        /// One child's picture from the batch's facts, the same as a load of that child alone would give (null: no such
        /// child, or merged away). Reading its stored facts (e.g. an indicator's codings) may throw for this child alone.
        /// </summary>
        public InfantPicture? Assemble(Guid childId, DateTimeOffset asOf, IndicatorTerminology terminology)
        {
            ArgumentNullException.ThrowIfNull(terminology);
            if (!_children.TryGetValue(childId, out var child))
            {
                return null;
            }

            var relationships = _relationshipsByChild[childId].ToList();
            var menIds = relationships.Select(r => r.PersonId).Distinct().ToList();
            var everyone = menIds.Concat(new[] { child.MotherPersonId, child.InfantPersonId }.OfType<Guid>()).Distinct().ToList();
            var people = everyone.ToHashSet();

            var indicators = ResolveIndicators(everyone, people, terminology);
            var appointments = child.InfantPersonId is { } infant
                ? _appointmentsByPerson[infant].Select(a => new AppointmentFact(a.Id, a.Agency, a.Date, a.NotAttended)).ToList()
                : [];
            var contacts = _contacts
                .Where(c => people.Contains(c.SubjectPersonId) || c.PresentPersonIds.Any(people.Contains))
                .Select(c => new ContactFact(c.Id, c.Agency, c.Date, c.SubjectPersonId, c.PresentPersonIds))
                .ToList();
            var motherLinks = child.MotherPersonId is { } mother ? MotherLinks(mother, childId, menIds) : [];

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
        /// The indicator facts of these people, read under the value sets in force (<see cref="IndicatorStatements"/>):
        /// their statements, with every statement, whoever it is about, that shares a source resource with one of theirs.
        /// </summary>
        private List<(Guid PersonId, IndicatorFact Fact)> ResolveIndicators(List<Guid> everyone, HashSet<Guid> people, IndicatorTerminology terminology)
        {
            var rows = everyone.SelectMany(p => _indicatorsByPerson[p]).ToList();
            var known = rows.Select(i => i.Id).ToHashSet();
            foreach (var resource in rows.Where(i => i.SourceResource != null).Select(i => i.SourceResource!).Distinct(StringComparer.Ordinal).ToList())
            {
                rows.AddRange(_indicatorsByResource[resource].Where(i => known.Add(i.Id)));
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
            return IndicatorStatements.Resolve(statements, terminology, people).ToList();
        }

        private List<(Guid PersonId, MotherLinkFact Fact)> MotherLinks(Guid mother, Guid childId, List<Guid> men)
        {
            var links = new List<(Guid, MotherLinkFact)>();
            var isMan = men.ToHashSet();

            // Shared households: the overlap of his membership and hers in the same household.
            var his = men.SelectMany(m => _membershipsByPerson[m]).Where(m => m.PersonId != mother).ToList();
            foreach (var hers in _membershipsByPerson[mother])
            {
                foreach (var membership in his.Where(m => m.HouseholdId == hers.HouseholdId))
                {
                    var from = Max(hers.From, membership.From);
                    var to = Min(hers.To, membership.To);
                    if (from is null || to is null || from <= to)
                    {
                        links.Add((membership.PersonId, new MotherLinkFact(membership.Id, MotherLinkKinds.SharedHousehold, "housing", from, to)));
                    }
                }
            }

            // His relationships to her other children.
            foreach (var other in _childrenByMother[mother].Where(c => c.ChildId != childId).Select(c => c.ChildId).Distinct())
            {
                links.AddRange(_otherRelationshipsByChild[other].Where(r => isMan.Contains(r.PersonId)).Select(r => (r.PersonId, new MotherLinkFact(
                    r.Id, MotherLinkKinds.OtherChild, r.Evidence.Select(e => e.Agency).FirstOrDefault() ?? "unknown",
                    DateOnly.FromDateTime(r.ValidFrom.UtcDateTime), r.ValidTo is { } end ? DateOnly.FromDateTime(end.UtcDateTime) : null))));
            }

            // MARAC cases with her as victim and him as alleged perpetrator: from the first event to the closure.
            foreach (var group in _casesByVictim[mother].GroupBy(e => e.CaseRef))
            {
                var from = group.Min(e => e.Date);
                var closed = group.Where(e => e.Event == "closed").Select(e => e.Date).Max();
                foreach (var man in group.SelectMany(e => e.PerpetratorPersonIds).Distinct().Where(isMan.Contains))
                {
                    links.Add((man, new MotherLinkFact(group.First().Id, MotherLinkKinds.MaracCase, "marac", from, closed)));
                }
            }

            return links;
        }

        private static DateOnly? Max(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : (a > b ? a : b);

        private static DateOnly? Min(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : (a < b ? a : b);
    }
}
