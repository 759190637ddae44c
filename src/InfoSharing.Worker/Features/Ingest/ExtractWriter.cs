using InfoSharing.Data;
using InfoSharing.Data.Ingest;
using InfoSharing.Data.Linkage;
using InfoSharing.Data.People;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;
using InfoSharing.Worker.Features.Linkage;
using InfoSharing.Worker.Features.People;

namespace InfoSharing.Worker.Features.Ingest;

/// <summary>
/// Writes what a batch of messages said (each an <see cref="AgencyExtract"/>) in the ingest transaction: first every
/// person of every message through the person index at once (<see cref="PersonIndex.ResolveAllAsync"/>), then per
/// message pregnancies and births, stated relationships (and the man-to-child relationships they give), risk
/// indicators, contacts, appointments, households and MARAC case events. What each message touched is noted in the
/// <see cref="IngestBatch"/>, from which the children whose picture changed are found once for the batch.
/// </summary>
public sealed class ExtractWriter(PersonIndex personIndex, ChildLinker linker, Terminology.UnmappedCodeCounter unmapped, TimeProvider time)
{
    /// <summary>Resolves the persons of every message of the batch; one dictionary (person key to person) per message, in order.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, ResolvedPerson>>> ResolvePeopleAsync(
        InfoSharingDbContext db, IngestBatch batch, IReadOnlyList<(int Item, InboundMessage Message, AgencyExtract Extract)> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(messages);
        var requests = messages
            .SelectMany(m => m.Extract.People.Select(p => new PersonToResolve(m.Message, p.Details, p.Role, m.Item)))
            .ToList();
        var resolved = await personIndex.ResolveAllAsync(db, batch.People, requests, cancellationToken);
        var result = new List<IReadOnlyDictionary<string, ResolvedPerson>>(messages.Count);
        var next = 0;
        foreach (var (_, _, extract) in messages)
        {
            var people = new Dictionary<string, ResolvedPerson>(StringComparer.Ordinal);
            foreach (var person in extract.People)
            {
                people[person.Key] = resolved[next++];
                batch.TouchedPersons.Add(people[person.Key].Person.Id);
            }

            result.Add(people);
        }

        // The children of everyone the batch named, and their relationships, in two queries for the batch.
        await linker.PreloadAsync(db, batch.Children, batch.TouchedPersons, cancellationToken);
        return result;
    }

    public async Task WriteAsync(
        InfoSharingDbContext db, IngestBatch batch, InboundMessage message, AgencyExtract extract, IReadOnlyDictionary<string, ResolvedPerson> people, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(extract);
        ArgumentNullException.ThrowIfNull(people);
        var now = time.GetUtcNow();

        ResolvedPerson Person(string key) => people.TryGetValue(key, out var found)
            ? found
            : throw new InvalidOperationException($"The {message.Agency} reader referred to a person key it did not extract.");

        var touchedChildren = batch.TouchedChildren;

        // The child each mother key (and infant key) stands for in this message.
        var childOfMother = new Dictionary<string, Child>(StringComparer.Ordinal);
        var childOfInfant = new Dictionary<string, Child>(StringComparer.Ordinal);
        foreach (var pregnancy in extract.Pregnancies)
        {
            childOfMother[pregnancy.MotherKey] = await linker.FindOrCreateUnbornChildAsync(
                db, Person(pregnancy.MotherKey).Person.Id, pregnancy.ExpectedDeliveryDate, cancellationToken, batch.Children);
            touchedChildren.Add(childOfMother[pregnancy.MotherKey].Id);
        }

        foreach (var birth in extract.Births)
        {
            var child = await linker.RecordBirthAsync(
                db, Person(birth.MotherKey).Person.Id, Person(birth.InfantKey).Person.Id, birth.BirthDate, birth.ExpectedDeliveryDate, cancellationToken, batch.Children);
            childOfMother[birth.MotherKey] = child;
            childOfInfant[birth.InfantKey] = child;
            touchedChildren.Add(child.Id);
        }

        // An infant named in its own right (a registration, an injury, a missed appointment) is a child the rules
        // must see even when nobody has yet notified its birth or named a man around it.
        foreach (var infant in extract.People.Where(p => p.Role == InfoSharing.Fhir.Feeds.PersonRoles.Infant && !childOfInfant.ContainsKey(p.Key)))
        {
            var child = await linker.FindOrCreateInfantChildAsync(db, Person(infant.Key).Person.Id, cancellationToken, batch.Children);
            child.BirthDate ??= infant.Details.BirthDate;
            childOfInfant[infant.Key] = child;
            touchedChildren.Add(child.Id);
        }

        foreach (var stated in extract.Relationships)
        {
            var from = Person(stated.FromKey);
            var to = Person(stated.ToKey);
            var child = stated.Target switch
            {
                RelationshipTarget.UnbornChildOf => childOfMother.GetValueOrDefault(stated.ToKey)
                    ?? await linker.FindCurrentChildOfMotherAsync(db, to.Person.Id, cancellationToken, batch.Children),
                RelationshipTarget.Infant => childOfInfant.GetValueOrDefault(stated.ToKey)
                    ?? await linker.FindOrCreateInfantChildAsync(db, to.Person.Id, cancellationToken, batch.Children),
                _ => null,
            };

            Relationship? relationship = null;
            if (child is not null && from.Person.Id != child.MotherPersonId && from.Person.Id != child.InfantPersonId)
            {
                (relationship, _) = await linker.LinkAsync(
                    db, message, child, from, to.Record.LinkConfidence, stated.Type, stated.Code, RuleName(message.Agency, stated.Target), cancellationToken, batch.Children);
                touchedChildren.Add(child.Id);
            }

            db.StatedRelationships.Add(new StatedRelationshipRecord
            {
                Id = Guid.CreateVersion7(),
                InboundMessageId = message.Id,
                FromPersonRecordId = from.Record.Id,
                ToPersonRecordId = to.Record.Id,
                Target = TargetCode(stated.Target),
                Type = stated.Type.ToCode(),
                CodeSystem = stated.Code.System,
                Code = stated.Code.Code,
                ValidFrom = stated.ValidFrom,
                ValidTo = stated.ValidTo,
                RelationshipId = relationship?.Id,
                RecordedAt = now,
            });
        }

        foreach (var indicator in extract.Indicators)
        {
            var person = Person(indicator.PersonKey);
            db.RiskIndicators.Add(new RiskIndicator
            {
                Id = Guid.CreateVersion7(),
                PersonId = person.Person.Id,
                PersonRecordId = person.Record.Id,
                InboundMessageId = message.Id,
                Agency = message.Agency,
                Kind = indicator.Kind,
                CodeSystem = indicator.Kind is null ? null : indicator.Code.System,
                Code = indicator.Kind is null ? null : indicator.Code.Code,
                Display = indicator.Display,
                EffectiveFrom = indicator.EffectiveFrom,
                EffectiveTo = indicator.EffectiveTo,
                Active = indicator.Active,
                Codings = IndicatorCodings.Serialize(indicator.Codings),
                SourceResource = indicator.SourceResource,
                StatedAt = indicator.StatedAt ?? message.SentAt ?? message.ReceivedAt,
                EnteredInError = indicator.EnteredInError,
                Certainty = indicator.Certainty,
                RecordedAt = now,
            });
        }

        await unmapped.CountAsync(db, message.Agency, extract.UnmappedCodes, now, cancellationToken);

        foreach (var contact in extract.Contacts)
        {
            db.Contacts.Add(new AgencyContact
            {
                Id = Guid.CreateVersion7(),
                InboundMessageId = message.Id,
                Agency = message.Agency,
                SubjectPersonId = Person(contact.SubjectKey).Person.Id,
                Date = contact.Date,
                Kind = contact.Kind,
                PresentPersonIds = contact.PresentKeys.Select(k => Person(k).Person.Id).Distinct().ToList(),
                RecordedAt = now,
            });
        }

        foreach (var appointment in extract.Appointments)
        {
            db.Appointments.Add(new AgencyAppointment
            {
                Id = Guid.CreateVersion7(),
                InboundMessageId = message.Id,
                Agency = message.Agency,
                PersonId = Person(appointment.SubjectKey).Person.Id,
                Date = appointment.Date,
                Status = appointment.Status,
                NotAttended = appointment.NotAttended,
                RecordedAt = now,
            });
        }

        foreach (var household in extract.Households)
        {
            await WriteHouseholdAsync(db, message, household, Person, now, cancellationToken);
        }

        foreach (var maracCase in extract.MaracCases)
        {
            db.MaracCaseEvents.Add(new MaracCaseEvent
            {
                Id = Guid.CreateVersion7(),
                InboundMessageId = message.Id,
                CaseRef = maracCase.CaseRef,
                Event = maracCase.Event,
                RiskLevel = maracCase.RiskLevel,
                Date = maracCase.Date,
                PoliceReference = maracCase.PoliceReference,
                VictimPersonId = Person(maracCase.VictimKey).Person.Id,
                PerpetratorPersonIds = maracCase.PerpetratorKeys.Select(k => Person(k).Person.Id).ToList(),
                ChildPersonIds = maracCase.ChildKeys.Select(k => Person(k).Person.Id).ToList(),
                UnbornExpectedDeliveryDates = maracCase.UnbornExpectedDeliveryDates.ToList(),
                RecordedAt = now,
            });
        }
    }

    private static async Task WriteHouseholdAsync(
        InfoSharingDbContext db,
        InboundMessage message,
        HouseholdStatement statement,
        Func<string, ResolvedPerson> person,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var household = db.Tracked<Household>().FirstOrDefault(h => h.Agency == message.Agency && h.HouseholdRef == statement.HouseholdRef)
            ?? await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
                db.Households, h => h.Agency == message.Agency && h.HouseholdRef == statement.HouseholdRef, cancellationToken);
        if (household is null)
        {
            household = new Household { Id = Guid.CreateVersion7(), Agency = message.Agency, HouseholdRef = statement.HouseholdRef };
            db.Households.Add(household);
        }

        household.Uprn = statement.Uprn ?? household.Uprn;
        household.Postcode = statement.Postcode ?? household.Postcode;
        household.UpdatedAt = now;
        foreach (var member in statement.Members)
        {
            var resolved = person(member.PersonKey);
            db.HouseholdMembers.Add(new HouseholdMember
            {
                Id = Guid.CreateVersion7(),
                HouseholdId = household.Id,
                PersonId = resolved.Person.Id,
                PersonRecordId = resolved.Record.Id,
                InboundMessageId = message.Id,
                Role = member.Role,
                From = member.From,
                To = member.To,
                RecordedAt = now,
            });
        }
    }

    private static string RuleName(string agency, RelationshipTarget target) => $"{agency}-stated-{TargetCode(target)}";

    private static string TargetCode(RelationshipTarget target) => target switch
    {
        RelationshipTarget.UnbornChildOf => "unborn-child",
        RelationshipTarget.Infant => "infant",
        _ => "adult",
    };
}
