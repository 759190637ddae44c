namespace InfoSharing.Contracts;

/// <summary>Codes of the InfoSharing flag CodeSystem, as they appear in Flag.code and in routing keys.</summary>
public static class FlagCodes
{
    /// <summary>A father, partner or other significant male is known for this infant or pregnancy.</summary>
    public const string SignificantMaleLinked = "significant-male-linked";

    /// <summary>
    /// An injury (bruising, fracture, burn or scald, head injury, unexplained swelling) in a baby not yet mobile. The wire
    /// code is kept from when the flag covered bruising only; the message names the injuries.
    /// </summary>
    public const string NonMobileInfantInjury = "non-mobile-infant-bruising";
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

    /// <summary>InfoSharing's own indicator codes: one per indicator kind, code = kind.</summary>
    public const string IndicatorCodeSystem = Base + "/CodeSystem/indicator";

    /// <summary>The value set of national codes for one indicator kind: <c>{ValueSetBase}/indicator-&lt;kind&gt;</c>.</summary>
    public const string IndicatorValueSetBase = Base + "/ValueSet";

    /// <summary>On a non-mobile-infant flag: each injury recorded (valueCoding from <see cref="IndicatorCodeSystem"/>).</summary>
    public const string InjuryExtension = Base + "/StructureDefinition/injury";

    public const string SnomedCt = "http://snomed.info/sct";
}
