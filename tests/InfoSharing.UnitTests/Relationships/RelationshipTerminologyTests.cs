using InfoSharing.Domain.Relationships;

namespace InfoSharing.UnitTests.Relationships;

internal static class Codes
{
    public const string V3RoleCode = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
    public const string InfoSharingRelationshipType = "https://fhir.infosharing.uk/CodeSystem/relationship-type";

    public static RelationshipCode RoleCode(string code) => new(V3RoleCode, code);
}

public sealed class When_a_code_is_recorded_against_the_mother
{
    private static RelationshipType? Map(RelationshipCode code) =>
        RelationshipTerminology.Default.ToChildRelationship(code, RelationshipAnchor.Mother);

    [Fact]
    public void Natural_father_of_fetus_gives_the_biological_father() =>
        Assert.Equal(RelationshipType.BiologicalFather, Map(Codes.RoleCode("NFTHF")));

    [Fact]
    public void Husband_gives_the_mothers_partner() =>
        Assert.Equal(RelationshipType.MothersPartner, Map(Codes.RoleCode("HUSB")));

    [Theory]
    [InlineData("WIFE")]
    [InlineData("SPS")]
    [InlineData("DOMPART")]
    [InlineData("SIGOTHR")]
    public void Other_partner_codes_give_the_mothers_partner(string code) =>
        Assert.Equal(RelationshipType.MothersPartner, Map(Codes.RoleCode(code)));

    // On the mother's record FTH is her own father: he is the child's grandfather, not its father.
    [Theory]
    [InlineData("FTH")]
    [InlineData("NFTH")]
    [InlineData("PRN")]
    [InlineData("NPRN")]
    [InlineData("STPFTH")]
    public void A_code_about_her_own_parents_says_nothing_about_the_child(string code) => Assert.Null(Map(Codes.RoleCode(code)));

    [Fact]
    public void An_unknown_code_gives_nothing() => Assert.Null(Map(Codes.RoleCode("NOTACODE")));

    [Fact]
    public void A_known_code_in_another_system_gives_nothing() => Assert.Null(Map(new RelationshipCode("http://snomed.info/sct", "HUSB")));

    [Fact]
    public void Codes_are_case_sensitive() => Assert.Null(Map(Codes.RoleCode("nfthf")));

    [Fact]
    public void An_infosharing_relationship_type_maps_to_itself() =>
        Assert.Equal(RelationshipType.BiologicalFather, Map(new RelationshipCode(Codes.InfoSharingRelationshipType, "biological-father")));
}

public sealed class When_a_code_is_recorded_against_the_child
{
    private static RelationshipType? Map(string code) =>
        RelationshipTerminology.Default.ToChildRelationship(Codes.RoleCode(code), RelationshipAnchor.Child);

    [Fact]
    public void Father_gives_the_biological_father() => Assert.Equal(RelationshipType.BiologicalFather, Map("FTH"));

    [Fact]
    public void Stepfather_gives_the_mothers_partner() => Assert.Equal(RelationshipType.MothersPartner, Map("STPFTH"));

    // HUSB describes a relation to the mother; on the child's own record it cannot be read.
    [Fact]
    public void Husband_gives_nothing() => Assert.Null(Map("HUSB"));
}

public sealed class When_the_relationship_terminology_is_loaded
{
    [Fact]
    public void Has_a_version() => Assert.False(string.IsNullOrWhiteSpace(RelationshipTerminology.Default.Version));
}
