namespace InfoSharing.Contracts;

/// <summary>Codes of the InfoSharing flag CodeSystem, as they appear in Flag.code and in routing keys.</summary>
public static class FlagCodes
{
    /// <summary>A father, partner or other significant male is known for this infant or pregnancy.</summary>
    public const string SignificantMaleLinked = "significant-male-linked";
}

/// <summary>Canonical URLs of the code systems and extensions InfoSharing defines.</summary>
public static class FhirUrls
{
    public const string Base = "https://fhir.infosharing.uk";
    public const string FlagCodeSystem = Base + "/CodeSystem/flag-code";
    public const string FlagEventCodeSystem = Base + "/CodeSystem/flag-event";
    public const string RelationshipTypeCodeSystem = Base + "/CodeSystem/relationship-type";
    public const string UnbornChildExtension = Base + "/StructureDefinition/unborn-child";
    public const string LinkConfidenceExtension = Base + "/StructureDefinition/link-confidence";
    public const string PartnershipOrganizationId = Base + "/Id/partnership";
    public const string NhsNumberSystem = "https://fhir.nhs.uk/Id/nhs-number";
}
