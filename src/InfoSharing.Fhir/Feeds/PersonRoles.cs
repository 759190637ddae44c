namespace InfoSharing.Fhir.Feeds;

/// <summary>
/// The <c>Role</c> an extracted person plays in a FHIR feed message. A related person whose relationship was mapped
/// carries the relationship type code instead (for example <c>biological-father</c>, <c>household-member</c>).
/// </summary>
public static class PersonRoles
{
    /// <summary>The mother of an unborn child or of an infant in the message.</summary>
    public const string Mother = "mother";

    /// <summary>A child under two at the message date, or the infant of a birth.</summary>
    public const string Infant = "infant";

    /// <summary>Any other Patient (for example a man registered with a GP).</summary>
    public const string Patient = "patient";

    /// <summary>A RelatedPerson whose relationship gave nothing InfoSharing maps.</summary>
    public const string RelatedPerson = "related-person";
}
