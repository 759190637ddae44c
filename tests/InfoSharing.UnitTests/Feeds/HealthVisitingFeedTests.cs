using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Feeds;
using static InfoSharing.UnitTests.Feeds.Feed;

namespace InfoSharing.UnitTests.Feeds;

public sealed class When_health_visiting_records_a_home_visit
{
    private static string Visit(string status, params string[] present) =>
        $$"""
        { "resourceType": "Encounter", "status": "{{status}}",
          "class": { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HH" },
          "subject": { "reference": "{{InfantUrl}}" },
          "participant": [ {{string.Join(", ", present.Select(p => $$"""{ "individual": { "reference": "{{p}}" } }""").DefaultIfEmpty("""{ "type": [ { "text": "nobody" } ] }"""))}} ],
          "period": { "start": "2027-03-19T10:00:00Z" } }
        """;

    [Fact]
    public void Says_who_was_present_and_whom_the_visit_was_for()
    {
        var extract = Extract(
            FhirFeed.HealthVisiting,
            (InfantUrl, Infant()),
            (OtherUrl, Related(InfantUrl, "NMTH", nhs: "9990000042", gender: "female", id: "m")),
            (ManUrl, Related(InfantUrl, "FTH")),
            (Url(6), Visit("finished", OtherUrl, ManUrl, "Practitioner/hv-1")));

        Assert.Equal(new ContactStatement(InfantUrl, new DateOnly(2027, 3, 19), "home-visit", [OtherUrl, ManUrl]), Assert.Single(extract.Contacts), ContactComparer.Instance);
    }

    [Fact]
    public void A_visit_where_only_the_mother_was_seen_does_not_list_the_father()
    {
        var extract = Extract(
            FhirFeed.HealthVisiting,
            (InfantUrl, Infant()),
            (OtherUrl, Related(InfantUrl, "NMTH", nhs: "9990000042", gender: "female", id: "m")),
            (ManUrl, Related(InfantUrl, "FTH")),
            (Url(6), Visit("finished", OtherUrl)));

        Assert.Equal([OtherUrl], Assert.Single(extract.Contacts).PresentKeys);
    }

    [Fact]
    public void A_cancelled_visit_is_not_a_contact()
    {
        var extract = Extract(FhirFeed.HealthVisiting, (InfantUrl, Infant()), (Url(6), Visit("cancelled")));

        Assert.Empty(extract.Contacts);
        Assert.Contains(extract.Ignored, i => i.StartsWith("Encounter (entry 3)", StringComparison.Ordinal));
    }

    private sealed class ContactComparer : IEqualityComparer<ContactStatement>
    {
        public static readonly ContactComparer Instance = new();

        public bool Equals(ContactStatement? x, ContactStatement? y) =>
            x is not null && y is not null && x.SubjectKey == y.SubjectKey && x.Date == y.Date && x.Kind == y.Kind && x.PresentKeys.SequenceEqual(y.PresentKeys);

        public int GetHashCode(ContactStatement obj) => obj.SubjectKey.GetHashCode(StringComparison.Ordinal);
    }
}

public sealed class When_health_visiting_records_household_members
{
    [Theory]
    [InlineData("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "ROOM")]
    [InlineData("https://fhir.infosharing.uk/CodeSystem/relationship-type", "household-member")]
    public void A_man_in_the_infants_household_is_a_household_member_of_the_infant(string system, string code)
    {
        var extract = Extract(FhirFeed.HealthVisiting, (InfantUrl, Infant()), (ManUrl, Related(InfantUrl, code, system)));

        var stated = Assert.Single(extract.Relationships);
        Assert.Equal((ManUrl, InfantUrl, RelationshipTarget.Infant, RelationshipType.HouseholdMember), (stated.FromKey, stated.ToKey, stated.Target, stated.Type));
    }

    [Fact]
    public void A_man_in_a_pregnant_mothers_household_is_a_household_member_of_the_unborn_child()
    {
        var extract = Extract(FhirFeed.HealthVisiting, (MotherUrl, Mother()), (Url(5), Edd(MotherUrl)), (ManUrl, Related(MotherUrl, "ROOM")));

        var stated = Assert.Single(extract.Relationships);
        Assert.Equal((MotherUrl, RelationshipTarget.UnbornChildOf, RelationshipType.HouseholdMember), (stated.ToKey, stated.Target, stated.Type));
    }

    [Fact]
    public void A_man_in_a_womans_household_with_no_pregnancy_known_is_recorded_between_adults()
    {
        var extract = Extract(FhirFeed.HealthVisiting, (MotherUrl, Mother()), (ManUrl, Related(MotherUrl, "ROOM")));

        Assert.Equal(RelationshipTarget.Adult, Assert.Single(extract.Relationships).Target);
    }
}

public sealed class When_health_visiting_records_an_injury_a_missed_appointment_and_icon
{
    private readonly AgencyExtract _extract = Extract(
        FhirFeed.HealthVisiting,
        (InfantUrl, Infant()),
        (ManUrl, Related(InfantUrl, "FTH")),
        (Url(5), Coded("Observation", InfantUrl, "infant-injury", extra: """, "effectiveDateTime": "2027-03-19T10:15:00Z" """)),
        (Url(6), Appointment(InfantUrl, "noshow")),
        (Url(7), Coded("Observation", InfantUrl, "icon-advice-given", extra: $$""", "focus": [ { "reference": "{{ManUrl}}" } ]""")));

    [Fact]
    public void Bruising_in_the_infant_is_an_infant_injury()
    {
        var injury = Assert.Single(_extract.Indicators, i => i.Kind == IndicatorKinds.InfantInjury);

        Assert.Equal((InfantUrl, new DateOnly(2027, 3, 19)), (injury.PersonKey, injury.EffectiveFrom));
    }

    [Fact]
    public void The_infants_missed_appointment_is_not_attended_and_was_not_brought()
    {
        Assert.True(Assert.Single(_extract.Appointments).NotAttended);
        var notBrought = Assert.Single(_extract.Indicators, i => i.Kind == IndicatorKinds.WasNotBrought);
        Assert.Equal((InfantUrl, new RelationshipCode("http://hl7.org/fhir/appointmentstatus", "noshow")), (notBrought.PersonKey, notBrought.Code));
    }

    [Fact]
    public void Icon_discussed_with_the_father_is_his() =>
        Assert.Equal(ManUrl, Assert.Single(_extract.Indicators, i => i.Kind == IndicatorKinds.IconAdviceGiven).PersonKey);
}
