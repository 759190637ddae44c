using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Domain.Terminology;

namespace InfoSharing.UnitTests.Feeds;

public sealed class When_the_indicator_terminology_is_loaded
{
    private static readonly IndicatorTerminology Terms = IndicatorTerminology.BuiltIn;

    private static RelationshipCode Snomed(string code) => new(FhirUrls.SnomedCt, code);

    [Fact]
    public void Every_kind_has_a_versioned_built_in_value_set()
    {
        Assert.Equal(IndicatorKinds.All.Order(StringComparer.Ordinal), Terms.ValueSets.Keys.Order(StringComparer.Ordinal));
        Assert.All(Terms.ValueSets.Values, v =>
        {
            Assert.Equal(ValueSetOrigins.BuiltIn, v.Origin);
            Assert.False(string.IsNullOrWhiteSpace(v.Version));
            Assert.Equal($"{FhirUrls.IndicatorValueSetBase}/indicator-{v.Kind}", v.Url);
            Assert.All(v.Codes, c => Assert.True(SnomedIdentifier.IsValid(c.Code), $"{v.Kind}: {c.Code}"));
        });
    }

    [Fact]
    public void Every_kind_has_an_infosharing_code() =>
        Assert.All(IndicatorKinds.All, k => Assert.Equal([k], Terms.KindsOf([new RelationshipCode(FhirUrls.IndicatorCodeSystem, k)])));

    [Theory]
    [InlineData("35489007", IndicatorKinds.MentalHealth)] // Depressive disorder
    [InlineData("197480006", IndicatorKinds.MentalHealth)] // Anxiety disorder
    [InlineData("66590003", IndicatorKinds.SubstanceMisuse)] // Alcohol dependence
    [InlineData("75544000", IndicatorKinds.SubstanceMisuse)] // Opioid dependence
    [InlineData("307052004", IndicatorKinds.SubstanceMisuse)] // Illicit drug use (the UK Core example)
    [InlineData("342191000000101", IndicatorKinds.ChildProtectionHistory)] // Subject to child protection plan
    [InlineData("764841000000100", IndicatorKinds.LookedAfter)] // Looked after child
    [InlineData("135891007", IndicatorKinds.ChildInNeed)] // Child in need
    [InlineData("228124000", IndicatorKinds.CareLeaver)] // Child leaving care
    [InlineData("901441000000108", IndicatorKinds.WasNotBrought)] // Child not brought to appointment
    [InlineData("125667009", IndicatorKinds.InfantBruising)] // Contusion
    [InlineData("125605004", IndicatorKinds.InfantFracture)] // Fracture of bone
    [InlineData("125666000", IndicatorKinds.InfantBurnOrScald)] // Burn
    [InlineData("82271004", IndicatorKinds.InfantHeadInjury)] // Injury of head
    [InlineData("440234007", IndicatorKinds.ViolentBehaviour)] // History of violent behavior toward others
    [InlineData("879911000000102", IndicatorKinds.DomesticAbuseVictim)] // Victim of domestic abuse
    [InlineData("878111000000109", IndicatorKinds.SafeguardingConcern)] // Unborn child is cause for safeguarding concern
    public void A_national_code_gives_its_kind(string code, string kind) => Assert.Contains(kind, Terms.KindsOf([Snomed(code)]));

    [Fact]
    public void A_coding_is_recognised_wherever_it_stands_among_local_codes()
    {
        var emis = new RelationshipCode("http://www.e-mis.com/emisopen/MedicalRecord", "EMISNQDE123");
        var read = new RelationshipCode("http://read.info/readv2", "E112.");

        Assert.Equal([IndicatorKinds.MentalHealth], Terms.KindsOf([emis, read, Snomed("35489007")]));
    }

    [Fact]
    public void A_skull_fracture_is_a_fracture_and_a_head_injury() =>
        Assert.Equal([IndicatorKinds.InfantFracture, IndicatorKinds.InfantHeadInjury], Terms.KindsOf([Snomed("71642004")]).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("26322001")] // not in any value set
    [InlineData("293161000000103")] // Family history of alcohol misuse: a relative's condition, left out of substance-misuse
    public void A_code_in_no_value_set_gives_nothing(string code) => Assert.Empty(Terms.KindsOf([Snomed(code)]));

    [Fact]
    public void A_new_version_of_one_kind_replaces_only_that_kind()
    {
        var narrowed = Terms.With(new IndicatorValueSet
        {
            Kind = IndicatorKinds.MentalHealth,
            Version = "2027-01-01.1",
            Origin = ValueSetOrigins.Imported,
            Codes = [new ValueSetCode(FhirUrls.SnomedCt, "197480006", "Anxiety disorder")],
        });

        Assert.Empty(narrowed.KindsOf([Snomed("35489007")]));
        Assert.Equal([IndicatorKinds.MentalHealth], narrowed.KindsOf([Snomed("197480006")]));
        Assert.Equal([IndicatorKinds.SubstanceMisuse], narrowed.KindsOf([Snomed("66590003")]));
        Assert.Equal([IndicatorKinds.MentalHealth], narrowed.KindsOf([new RelationshipCode(FhirUrls.IndicatorCodeSystem, IndicatorKinds.MentalHealth)]));
        Assert.Equal("2027-01-01.1", narrowed.ValueSets[IndicatorKinds.MentalHealth].Version);
    }
}
