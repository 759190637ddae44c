using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.People;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;

namespace InfoSharing.UnitTests.Feeds;

public sealed class When_the_indicator_terminology_is_loaded
{
    private static readonly string[] Kinds =
    [
        IndicatorKinds.DomesticAbuseVictim, IndicatorKinds.DomesticAbusePerpetrator, IndicatorKinds.MentalHealth, IndicatorKinds.SubstanceMisuse,
        IndicatorKinds.AngerManagement, IndicatorKinds.ChildProtectionHistory, IndicatorKinds.CareLeaver, IndicatorKinds.WasNotBrought,
        IndicatorKinds.InfantInjury, IndicatorKinds.IconAdviceGiven, IndicatorKinds.SafeguardingConcern,
    ];

    [Fact]
    public void Has_a_version() => Assert.False(string.IsNullOrWhiteSpace(IndicatorTerminology.Default.Version));

    [Fact]
    public void Every_code_gives_a_known_kind_and_names_its_source() =>
        Assert.All(IndicatorTerminology.Default.Codes, c =>
        {
            Assert.Contains(c.Kind, Kinds);
            Assert.False(string.IsNullOrWhiteSpace(c.Source));
            Assert.False(string.IsNullOrWhiteSpace(c.Display));
        });

    [Fact]
    public void Every_kind_has_an_infosharing_code() =>
        Assert.All(Kinds, k => Assert.Equal(k, IndicatorTerminology.Default.Find(new RelationshipCode("https://fhir.infosharing.uk/CodeSystem/indicator", k))?.Kind));

    [Fact]
    public void An_unknown_code_gives_nothing() =>
        Assert.Null(IndicatorTerminology.Default.Find(new RelationshipCode("http://snomed.info/sct", "26322001")));
}

public sealed class When_a_relationship_code_names_an_infants_mother
{
    private static readonly RelationshipTerminology Terms = RelationshipTerminology.Default;

    [Theory]
    [InlineData("NMTH")]
    [InlineData("MTH")]
    public void A_mother_code_names_her(string code) =>
        Assert.True(Terms.IdentifiesMother(new RelationshipCode("http://terminology.hl7.org/CodeSystem/v3-RoleCode", code), AdministrativeSex.Unknown));

    [Fact]
    public void Natural_parent_names_the_mother_only_for_a_woman()
    {
        var nprn = new RelationshipCode("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "NPRN");

        Assert.True(Terms.IdentifiesMother(nprn, AdministrativeSex.Female));
        Assert.False(Terms.IdentifiesMother(nprn, AdministrativeSex.Male));
    }

    [Fact]
    public void Father_does_not_name_a_mother() =>
        Assert.False(Terms.IdentifiesMother(new RelationshipCode("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "FTH"), AdministrativeSex.Female));

    [Theory]
    [InlineData(RelationshipAnchor.Mother)]
    [InlineData(RelationshipAnchor.Child)]
    [InlineData(RelationshipAnchor.Fetus)]
    public void A_household_code_gives_a_household_member_whoever_it_is_recorded_against(RelationshipAnchor recordedAgainst) =>
        Assert.Equal(RelationshipType.HouseholdMember, Terms.ToChildRelationship(new RelationshipCode("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "ROOM"), recordedAgainst));
}
