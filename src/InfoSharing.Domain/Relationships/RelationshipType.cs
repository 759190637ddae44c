namespace InfoSharing.Domain.Relationships;

/// <summary>How a man (or non-birthing partner) stands to an infant or unborn child.</summary>
public enum RelationshipType
{
    BiologicalFather,
    NonBirthingParent,
    MothersPartner,
    HouseholdMember,
    NonResidentCarer,
    OtherSignificantMale,
}

public static class RelationshipTypeCodes
{
    /// <summary>The code used on the wire and in the database (kebab case).</summary>
    public static string ToCode(this RelationshipType type) => type switch
    {
        RelationshipType.BiologicalFather => "biological-father",
        RelationshipType.NonBirthingParent => "non-birthing-parent",
        RelationshipType.MothersPartner => "mothers-partner",
        RelationshipType.HouseholdMember => "household-member",
        RelationshipType.NonResidentCarer => "non-resident-carer",
        RelationshipType.OtherSignificantMale => "other-significant-male",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string ToDisplay(this RelationshipType type) => type switch
    {
        RelationshipType.BiologicalFather => "Biological father",
        RelationshipType.NonBirthingParent => "Non-birthing parent",
        RelationshipType.MothersPartner => "Mother's partner",
        RelationshipType.HouseholdMember => "Household member",
        RelationshipType.NonResidentCarer => "Non-resident carer",
        RelationshipType.OtherSignificantMale => "Other significant male",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static RelationshipType FromCode(string code) =>
        Enum.GetValues<RelationshipType>().Single(t => t.ToCode() == code);
}
