using Hl7.Fhir.Model;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.People;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;
using InfoSharing.Fhir.Reading;

namespace InfoSharing.Fhir.Feeds;

/// <summary>
/// Maps one FHIR feed message. People first (every Patient and RelatedPerson, with identity checks), then who is a
/// mother and who an infant (births, pregnancies; decision 0004), then relationships, indicators, appointments and contacts.
/// </summary>
internal sealed partial class FeedMapper
{
    /// <summary>A child under this age at the message date is an infant: relationships recorded against it are to the child.</summary>
    private const int InfantAgeLimitYears = 2;

    private readonly FeedMessage _message;
    private readonly FhirFeed _feed;
    private readonly DateOnly _messageDate;
    private readonly DateTimeOffset? _messageTime;
    private readonly RelationshipTerminology _relationships = RelationshipTerminology.Default;
    private readonly IndicatorTerminology _indicators;

    private readonly List<string> _personOrder = [];
    private readonly Dictionary<string, PersonDetails> _details = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _roles = new(StringComparer.Ordinal);

    // A RelatedPerson that is the same person as a Patient in the message (Patient.link, or the same valid NHS number).
    private readonly Dictionary<RelatedPerson, string> _aliases = new(ReferenceEqualityComparer.Instance);

    // A Patient known only by a reference carrying an NHS number identifier, keyed by that number.
    private readonly Dictionary<string, string> _referencedPeople = new(StringComparer.Ordinal);

    private readonly HashSet<string> _mothers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _infants = new(StringComparer.Ordinal);

    private readonly List<Pregnancy> _pregnancies = [];
    private readonly List<Birth> _births = [];
    private readonly List<StatedRelationship> _statedRelationships = [];
    private readonly List<RiskIndicatorStatement> _indicatorStatements = [];
    private readonly List<ContactStatement> _contacts = [];
    private readonly List<AppointmentStatement> _appointments = [];
    private readonly List<string> _ignored = [];
    private readonly List<RelationshipCode> _unmapped = [];

    public FeedMapper(FeedMessage message, FhirFeed feed, DateOnly messageDate, IndicatorTerminology indicators, DateTimeOffset? messageTime)
    {
        _message = message;
        _feed = feed;
        _messageDate = messageDate;
        _indicators = indicators;
        _messageTime = messageTime;
    }

    private BundleIndex Index => _message.Index;

    public AgencyExtract Map()
    {
        RejectAnimals();
        ListIgnoredResourceTypes();
        AddPeople();
        FindPregnancies();
        FindBirths();
        if (_feed == FhirFeed.Midwifery)
        {
            RequireMidwiferyMother();
        }

        MapRelationships();
        MapIndicators();
        MapAppointments();
        MapEncounters();

        if (_personOrder.Count == 0)
        {
            throw new MessageRejectedException(
                RejectionCodes.NoUsableIdentity,
                "The message names no person: send the Patient (or RelatedPerson) it is about, or refer to the Patient with an NHS number identifier.");
        }

        return new AgencyExtract
        {
            People = [.. _personOrder.Select(k => new ExtractedPerson(k, _details[k], _roles[k]))],
            Pregnancies = _pregnancies,
            Births = _births,
            Relationships = _statedRelationships,
            Indicators = _indicatorStatements,
            Contacts = _contacts,
            Appointments = _appointments,
            Ignored = _ignored,
            UnmappedCodes = _unmapped,
        };
    }

    private void RejectAnimals()
    {
        foreach (var entry in _message.Entries.Where(e => e.Resource is Patient p && !IsPerson(p)))
        {
            throw new MessageRejectedException(
                RejectionCodes.NotAPerson,
                $"The Patient at entry {entry.Number} carries the HL7 patient-animal extension: it is not a person, and this service records people only.");
        }
    }

    private void ListIgnoredResourceTypes()
    {
        foreach (var entry in _message.Entries.Where(e => !FhirCodes.AcceptedTypes.Contains(e.Resource.TypeName) || e.Resource is Bundle))
        {
            _ignored.Add($"{entry.Resource.TypeName} (entry {entry.Number}): not a resource type the {FhirFeedReader.NameOf(_feed)} feed maps");
        }
    }

    private void AddPeople()
    {
        var patients = _message.Entries.Where(e => e.Resource is Patient).ToList();
        foreach (var entry in patients)
        {
            var patient = (Patient)entry.Resource;
            var details = PersonReader.FromPatient(patient);
            if (!HasUsableIdentity(details))
            {
                throw new MessageRejectedException(
                    RejectionCodes.NoUsableIdentity,
                    $"The Patient at entry {entry.Number} has no usable identity: it needs a valid NHS number, or a family name and a full birth date.");
            }

            AddPerson(entry.Key, details, IsInfantByAge(details) ? PersonRoles.Infant : PersonRoles.Patient);
            if (IsInfantByAge(details))
            {
                _infants.Add(entry.Key);
            }

            foreach (var link in patient.Link)
            {
                if (Index.Resolve<RelatedPerson>(link.Other) is { } same)
                {
                    _aliases[same] = entry.Key;
                }
            }
        }

        foreach (var entry in _message.Entries.Where(e => e.Resource is RelatedPerson))
        {
            var related = (RelatedPerson)entry.Resource;
            var details = PersonReader.FromRelatedPerson(related);
            if (!_aliases.ContainsKey(related)
                && details.TrustedNhsNumber is { } nhs
                && patients.FirstOrDefault(p => PersonReader.FromPatient((Patient)p.Resource).TrustedNhsNumber == nhs) is { } samePatient)
            {
                _aliases[related] = samePatient.Key;
            }

            if (!_aliases.ContainsKey(related))
            {
                AddPerson(entry.Key, details, PersonRoles.RelatedPerson);
            }
        }
    }

    private void AddPerson(string key, PersonDetails details, string role)
    {
        if (_details.TryAdd(key, details))
        {
            _personOrder.Add(key);
            _roles[key] = role;
        }
    }

    private void SetRole(string key, string role) => _roles[key] = role;

    /// <summary>The key of the Patient a reference names: one in the message, or one known only by an NHS number on the reference.</summary>
    private string? PatientKey(ResourceReference? reference)
    {
        if (Index.Resolve<Patient>(reference) is { } patient)
        {
            return _message.Keys[patient];
        }

        if (reference?.Identifier is { } identifier && PersonReader.NhsNumberOf([identifier]) is { } nhs)
        {
            if (!_referencedPeople.TryGetValue(nhs.Value, out var key))
            {
                key = $"reference#{_referencedPeople.Count + 1}";
                _referencedPeople[nhs.Value] = key;
                var details = new PersonDetails { NhsNumber = nhs };
                if (!HasUsableIdentity(details))
                {
                    throw new MessageRejectedException(
                        RejectionCodes.NoUsableIdentity,
                        "A reference names a person by an NHS number that fails the check, and the person is not in the message.");
                }

                AddPerson(key, details, PersonRoles.Patient);
            }

            return key;
        }

        return null;
    }

    /// <summary>The key of the person a reference names, a Patient or a RelatedPerson (its Patient when they are the same person).</summary>
    private string? PersonKey(ResourceReference? reference) =>
        Index.Resolve<RelatedPerson>(reference) is { } related ? KeyOf(related) : PatientKey(reference);

    private string KeyOf(RelatedPerson related) => _aliases.TryGetValue(related, out var alias) ? alias : _message.Keys[related];

    private static bool HasUsableIdentity(PersonDetails details) =>
        details.TrustedNhsNumber is not null || (!string.IsNullOrWhiteSpace(details.FamilyName) && details.BirthDate is not null);

    private bool IsInfantByAge(PersonDetails details) =>
        details.BirthDate is { } born && born <= _messageDate && born > _messageDate.AddYears(-InfantAgeLimitYears);

    /// <summary>The HL7 patient-animal extension marks a non-human patient (for example a veterinary record).</summary>
    private static bool IsPerson(Patient patient) =>
        !patient.Extension.Any(e => e.Url == FhirCodes.PatientAnimalExtension);

    private string Where(Resource resource) => $"{resource.TypeName} (entry {_message.EntryOf(resource).Number})";

    private static IEnumerable<RelationshipCode> CodesOf(IEnumerable<CodeableConcept?> concepts) =>
        concepts.OfType<CodeableConcept>()
            .SelectMany(c => c.Coding)
            .Where(c => !string.IsNullOrEmpty(c.System) && !string.IsNullOrEmpty(c.Code))
            .Select(c => new RelationshipCode(c.System!, c.Code!));

    private static DateOnly? DateOf(DataType? value) => value switch
    {
        FhirDateTime dateTime => PersonReader.ParseDate(dateTime.Value),
        Date date => PersonReader.ParseDate(date.Value),
        Period period => PersonReader.ParseDate(period.Start),
        Instant instant => instant.Value is { } v ? DateOnly.FromDateTime(v.DateTime) : null,
        _ => null,
    };
}
