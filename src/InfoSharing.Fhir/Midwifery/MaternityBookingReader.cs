using Hl7.Fhir.Model;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Reading;

namespace InfoSharing.Fhir.Midwifery;

/// <summary>
/// Reads a midwifery booking: the mother (a Patient), the expected delivery date (an Observation) and the
/// people recorded as the baby's father or the mother's partner (RelatedPerson, or Patient.contact).
/// </summary>
public static class MaternityBookingReader
{
    /// <summary>LOINC 11778-8 "Delivery date Estimated" and SNOMED CT 161714006 "Estimated date of delivery".</summary>
    private static readonly (string System, string Code)[] ExpectedDeliveryDateCodes =
    [
        ("http://loinc.org", "11778-8"),
        ("http://snomed.info/sct", "161714006"),
    ];

    /// <summary>Resource types a midwifery message may carry; others inside a Bundle are stored and ignored.</summary>
    private static readonly HashSet<string> AcceptedTopLevelTypes =
    [
        "Bundle", "Patient", "RelatedPerson", "Encounter", "EpisodeOfCare", "Observation", "Condition", "Appointment", "Flag", "MessageHeader",
    ];

    public static MaternityBooking Read(Resource resource, RelationshipTerminology terminology)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(terminology);
        if (!AcceptedTopLevelTypes.Contains(resource.TypeName))
        {
            throw new MessageRejectedException(
                RejectionCodes.UnsupportedResourceType,
                $"The midwifery feed does not accept a {resource.TypeName}; send a Bundle or one of: {string.Join(", ", AcceptedTopLevelTypes.Order(StringComparer.Ordinal))}.");
        }

        var index = new BundleIndex(resource);
        var eddObservation = index.OfType<Observation>().FirstOrDefault(IsExpectedDeliveryDate);
        var mother = FindMother(index, eddObservation)
            ?? throw new MessageRejectedException(
                RejectionCodes.MotherMissing,
                "The message names no mother: expected a Patient who is the subject of the expected-delivery-date Observation (LOINC 11778-8), or the patient of the partner's RelatedPerson, or a single female Patient.");

        var linked = new List<LinkedPerson>();
        foreach (var related in index.OfType<RelatedPerson>())
        {
            if (!ReferencesPatient(index, related.Patient, mother))
            {
                continue;
            }

            if (FirstMapped(related.Relationship, terminology, RelationshipAnchor.Mother) is { } mapped)
            {
                linked.Add(new LinkedPerson(PersonReader.FromRelatedPerson(related), mapped.Type, mapped.Code));
            }
        }

        foreach (var contact in mother.Contact)
        {
            if (FirstMapped(contact.Relationship, terminology, RelationshipAnchor.Mother) is { } mapped)
            {
                linked.Add(new LinkedPerson(PersonReader.FromContact(contact), mapped.Type, mapped.Code));
            }
        }

        return new MaternityBooking(PersonReader.FromPatient(mother), ReadDate(eddObservation), linked);
    }

    /// <summary>
    /// The pregnancy record (the expected-delivery-date Observation) names the mother whatever her recorded gender.
    /// Without it, only a plausible mother is taken: a living, human, female Patient who is the one patient the
    /// partners are related to, or the only such Patient in the message. Anything else is rejected, never guessed.
    /// </summary>
    private static Patient? FindMother(BundleIndex index, Observation? eddObservation)
    {
        if (index.Resolve<Patient>(eddObservation?.Subject) is { } subject)
        {
            return IsPerson(subject) ? subject : null;
        }

        var relatedTo = index.OfType<RelatedPerson>()
            .Select(r => index.Resolve<Patient>(r.Patient))
            .OfType<Patient>()
            .Distinct()
            .ToList();
        if (relatedTo.Count == 1)
        {
            return IsPlausibleMother(relatedTo[0]) ? relatedTo[0] : null;
        }

        var women = index.OfType<Patient>().Where(IsPlausibleMother).ToList();
        return women.Count == 1 ? women[0] : null;
    }

    private static bool IsPlausibleMother(Patient patient) =>
        IsPerson(patient) && patient.Gender == AdministrativeGender.Female && !IsDeceased(patient);

    /// <summary>The HL7 patient-animal extension marks a non-human patient (for example a veterinary record).</summary>
    private static bool IsPerson(Patient patient) =>
        !patient.Extension.Any(e => e.Url == "http://hl7.org/fhir/StructureDefinition/patient-animal");

    private static bool IsDeceased(Patient patient) => patient.Deceased switch
    {
        FhirBoolean deceased => deceased.Value == true,
        FhirDateTime => true,
        _ => false,
    };

    private static bool ReferencesPatient(BundleIndex index, ResourceReference? reference, Patient mother) =>
        ReferenceEquals(index.Resolve<Patient>(reference), mother);

    private static bool IsExpectedDeliveryDate(Observation observation) =>
        observation.Code?.Coding.Any(c => ExpectedDeliveryDateCodes.Any(e => e.System == c.System && e.Code == c.Code)) == true;

    private static DateOnly? ReadDate(Observation? observation) => observation?.Value switch
    {
        FhirDateTime dateTime => PersonReader.ParseDate(dateTime.Value),
        Date date => PersonReader.ParseDate(date.Value),
        _ => null,
    };

    private static (RelationshipType Type, RelationshipCode Code)? FirstMapped(
        IEnumerable<CodeableConcept> concepts, RelationshipTerminology terminology, RelationshipAnchor anchor)
    {
        foreach (var coding in concepts.SelectMany(c => c.Coding))
        {
            if (coding.System is null || coding.Code is null)
            {
                continue;
            }

            var code = new RelationshipCode(coding.System, coding.Code);
            if (terminology.ToChildRelationship(code, anchor) is { } type)
            {
                return (type, code);
            }
        }

        return null;
    }
}
