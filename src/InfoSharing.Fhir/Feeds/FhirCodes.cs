namespace InfoSharing.Fhir.Feeds;

/// <summary>FHIR structural codes the feed reader relies on (not terminology that drives mapping: that is data in Domain/Terminology).</summary>
internal static class FhirCodes
{
    public const string PatientAnimalExtension = "http://hl7.org/fhir/StructureDefinition/patient-animal";

    public const string AppointmentStatusSystem = "http://hl7.org/fhir/appointmentstatus";

    /// <summary>LOINC 11778-8 "Delivery date Estimated" and SNOMED CT 161714006 "Estimated date of delivery" (decision 0004).</summary>
    public static readonly (string System, string Code)[] ExpectedDeliveryDate =
    [
        ("http://loinc.org", "11778-8"),
        ("http://snomed.info/sct", "161714006"),
    ];

    /// <summary>Top-level resource types a FHIR feed accepts (DESIGN.md); other types inside a Bundle are stored and ignored.</summary>
    public static readonly IReadOnlySet<string> AcceptedTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Bundle", "Patient", "RelatedPerson", "Encounter", "EpisodeOfCare", "Observation", "Condition", "Appointment", "Flag", "MessageHeader",
    };
}
