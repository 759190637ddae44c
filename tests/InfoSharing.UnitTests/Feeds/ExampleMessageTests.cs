using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Feeds;
using InfoSharing.UnitTests.Support;

namespace InfoSharing.UnitTests.Feeds;

/// <summary>Every file in contracts/examples/{midwifery,health-visiting,gp} maps, and says what its README says it does.</summary>
public sealed class When_the_contract_examples_are_read
{
    private static readonly string[] Agencies = ["midwifery", "health-visiting", "gp"];

    public static TheoryData<string, string> Examples =>
    [
        .. Agencies.SelectMany(a => Directory.GetFiles(TestData.ExamplesFolder(a))
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".xml", StringComparison.Ordinal))
            .Select(f => (a, Path.GetFileName(f)))
            .Order()),
    ];

    public static AgencyExtract Read(string agency, string fileName)
    {
        var feed = agency switch
        {
            "midwifery" => FhirFeed.Midwifery,
            "health-visiting" => FhirFeed.HealthVisiting,
            _ => FhirFeed.Gp,
        };
        var contentType = fileName.EndsWith(".xml", StringComparison.Ordinal) ? "application/fhir+xml" : "application/fhir+json";
        return FhirFeedReader.Extract(FhirFeedReader.Read(File.ReadAllBytes(Path.Combine(TestData.ExamplesFolder(agency), fileName)), contentType), feed);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Maps_with_only_synthetic_valid_nhs_numbers(string agency, string fileName)
    {
        var extract = Read(agency, fileName);

        Assert.NotEmpty(extract.People);
        Assert.All(extract.People.Select(p => p.Details.NhsNumber).OfType<Domain.People.NhsNumber>(), n =>
        {
            Assert.True(n.IsValid);
            Assert.StartsWith("999", n.Value, StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Is_listed_in_its_folders_readme(string agency, string fileName) =>
        Assert.Contains($"`{fileName}`", File.ReadAllText(Path.Combine(TestData.ExamplesFolder(agency), "README.md")), StringComparison.Ordinal);

    [Fact]
    public void There_is_an_xml_example_for_every_feed() =>
        Assert.All(Agencies, a => Assert.NotEmpty(Directory.GetFiles(TestData.ExamplesFolder(a), "*.xml")));
}

public sealed class When_each_contract_example_is_read
{
    private static AgencyExtract Read(string agency, string fileName) => When_the_contract_examples_are_read.Read(agency, fileName);

    [Fact]
    public void The_booking_links_the_father_to_the_unborn_child()
    {
        var extract = Read("midwifery", "booking-with-partner.json");

        Assert.Equal(new DateOnly(2027, 3, 15), Assert.Single(extract.Pregnancies).ExpectedDeliveryDate);
        var stated = Assert.Single(extract.Relationships);
        Assert.Equal((RelationshipTarget.UnbornChildOf, RelationshipType.BiologicalFather), (stated.Target, stated.Type));
        Assert.Equal("9990000026", extract.Person(stated.FromKey).Details.TrustedNhsNumber);
    }

    [Fact]
    public void The_antenatal_appointments_are_one_kept_and_one_missed() =>
        Assert.Equal([true, false], Read("midwifery", "antenatal-appointment-not-attended.json").Appointments.Select(a => a.NotAttended));

    [Fact]
    public void The_birth_notification_records_the_birth_and_the_fathers_link_to_the_infant()
    {
        var extract = Read("midwifery", "birth-notification.json");

        var birth = Assert.Single(extract.Births);
        Assert.Equal((new DateOnly(2027, 3, 12), new DateOnly(2027, 3, 15)), (birth.BirthDate, birth.ExpectedDeliveryDate));
        Assert.Equal("9990000018", extract.Person(birth.MotherKey).Details.TrustedNhsNumber);
        Assert.Equal(3, extract.People.Count);
        Assert.Equal((RelationshipTarget.Infant, birth.InfantKey), Assert.Single(extract.Relationships) is var r ? (r.Target, r.ToKey) : default);
    }

    [Fact]
    public void The_care_leaver_status_is_the_fathers()
    {
        var extract = Read("midwifery", "parent-care-leaver.json");

        Assert.Equal("9990000026", extract.Person(Assert.Single(extract.Indicators, i => i.Kind == IndicatorKinds.CareLeaver).PersonKey).Details.TrustedNhsNumber);
    }

    [Fact]
    public void The_xml_icon_advice_is_given_to_both_parents() =>
        Assert.Equal(2, Read("midwifery", "icon-advice-given.xml").Indicators.Where(i => i.Kind == IndicatorKinds.IconAdviceGiven).Select(i => i.PersonKey).Distinct().Count());

    [Fact]
    public void The_new_birth_visit_saw_both_parents()
    {
        var extract = Read("health-visiting", "new-birth-visit.json");

        var contact = Assert.Single(extract.Contacts);
        Assert.Equal(("home-visit", 2), (contact.Kind, contact.PresentKeys.Count));
        Assert.Contains(contact.PresentKeys, k => extract.Person(k).Details.TrustedNhsNumber == "9990000026");
    }

    [Fact]
    public void The_household_members_are_linked_to_the_infant() =>
        Assert.Equal(
            [(RelationshipTarget.Infant, RelationshipType.HouseholdMember), (RelationshipTarget.Infant, RelationshipType.HouseholdMember)],
            Read("health-visiting", "household-members.json").Relationships.Select(r => (r.Target, r.Type)));

    [Fact]
    public void The_bruising_is_an_infant_injury() =>
        Assert.Equal(IndicatorKinds.InfantInjury, Assert.Single(Read("health-visiting", "infant-bruising.json").Indicators).Kind);

    [Fact]
    public void The_missed_review_was_not_brought() =>
        Assert.Equal(IndicatorKinds.WasNotBrought, Assert.Single(Read("health-visiting", "appointment-not-brought.json").Indicators).Kind);

    [Fact]
    public void The_xml_icon_discussion_is_the_fathers()
    {
        var extract = Read("health-visiting", "icon-discussed.xml");

        Assert.Equal("9990000026", extract.Person(Assert.Single(extract.Indicators).PersonKey).Details.TrustedNhsNumber);
    }

    [Fact]
    public void The_mans_registration_gives_four_indicators_one_inactive()
    {
        var indicators = Read("gp", "man-registration-with-indicators.json").Indicators;

        Assert.Equal(
            [IndicatorKinds.MentalHealth, IndicatorKinds.SubstanceMisuse, IndicatorKinds.AngerManagement, IndicatorKinds.DomesticAbusePerpetrator],
            indicators.Select(i => i.Kind));
        Assert.Equal([true, true, false, true], indicators.Select(i => i.Active));
    }

    [Fact]
    public void The_infants_registration_links_the_father_and_records_protection_and_not_brought()
    {
        var extract = Read("gp", "infant-registration-with-family.json");

        Assert.Equal(RelationshipTarget.Infant, Assert.Single(extract.Relationships).Target);
        Assert.Equal([IndicatorKinds.ChildProtectionHistory, IndicatorKinds.WasNotBrought], extract.Indicators.Select(i => i.Kind));
    }

    [Fact]
    public void The_xml_safeguarding_codes_give_a_concern_and_domestic_abuse() =>
        Assert.Equal([IndicatorKinds.SafeguardingConcern, IndicatorKinds.DomesticAbuseVictim], Read("gp", "rcgp-safeguarding-codes.xml").Indicators.Select(i => i.Kind));
}
