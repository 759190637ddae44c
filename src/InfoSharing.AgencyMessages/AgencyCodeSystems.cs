namespace InfoSharing.AgencyMessages;

/// <summary>Code systems InfoSharing defines for what the agency JSON messages say; codes are the schemas' enum values.</summary>
public static class AgencyCodeSystems
{
    /// <summary>Housing member roles: tenant, occupant, child, non-resident-carer, regular-visitor.</summary>
    public const string HousingRole = "https://fhir.infosharing.uk/CodeSystem/housing-role";

    /// <summary>MARAC roles: victim, alleged-perpetrator, child.</summary>
    public const string MaracRole = "https://fhir.infosharing.uk/CodeSystem/marac-role";

    /// <summary>An alleged perpetrator's relationship to the victim: current-partner, former-partner, family-member, other, unknown.</summary>
    public const string MaracRelationship = "https://fhir.infosharing.uk/CodeSystem/marac-relationship";
}
