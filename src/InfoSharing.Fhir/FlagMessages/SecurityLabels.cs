using Hl7.Fhir.Model;

namespace InfoSharing.Fhir.FlagMessages;

/// <summary>
/// FHIR security labels (Meta.security) for domestic-abuse-derived flag messages, all from HL7 terminology in the FHIR
/// R4 SecurityLabels value set: confidentiality R (restricted), the v3 ActCode sensitivity SDV (sexual assault, abuse,
/// or domestic violence information sensitivity; v3 has no narrower domestic-violence code), and the v3 ActCode handling
/// caveat NOPAT (no disclosure to patient, family or caregivers without attending provider's authorization), which NHS
/// GP Connect also uses to keep content from patients and their families.
/// </summary>
public static class SecurityLabels
{
    public const string ConfidentialitySystem = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    /// <summary>New codings each call: a Coding belongs to one element tree.</summary>
    public static List<Coding> DomesticAbuse() =>
    [
        new(ConfidentialitySystem, "R", "restricted"),
        new(ActCodeSystem, "SDV", "sexual assault, abuse, or domestic violence information sensitivity"),
        new(ActCodeSystem, "NOPAT", "no disclosure to patient, family or caregivers without attending provider's authorization"),
    ];
}
