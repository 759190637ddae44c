using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Feeds;
using static InfoSharing.UnitTests.Feeds.Feed;

namespace InfoSharing.UnitTests.Feeds;

public sealed class When_a_gp_registers_a_man_with_coded_history
{
    [Theory]
    [InlineData("mental-health", IndicatorKinds.MentalHealth)]
    [InlineData("substance-misuse", IndicatorKinds.SubstanceMisuse)]
    [InlineData("anger-management", IndicatorKinds.AngerManagement)]
    [InlineData("domestic-abuse-victim", IndicatorKinds.DomesticAbuseVictim)]
    [InlineData("domestic-abuse-perpetrator", IndicatorKinds.DomesticAbusePerpetrator)]
    [InlineData("child-protection-history", IndicatorKinds.ChildProtectionHistory)]
    public void A_coded_condition_gives_its_indicator(string code, string kind)
    {
        var extract = Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Coded("Condition", ManUrl, code)));

        Assert.Equal((ManUrl, kind, true), Assert.Single(extract.Indicators) is var i ? (i.PersonKey, i.Kind, i.Active) : default);
        Assert.Equal(PersonRoles.Patient, extract.Person(ManUrl).Role);
    }

    [Fact]
    public void A_was_not_brought_code_on_a_man_is_not_an_indicator_about_him() =>
        Assert.Empty(Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Coded("Condition", ManUrl, "was-not-brought"))).Indicators);

    [Theory]
    [InlineData("836881000000105", IndicatorKinds.SafeguardingConcern)]
    [InlineData("1064961000000107", IndicatorKinds.SafeguardingConcern)]
    [InlineData("878111000000109", IndicatorKinds.SafeguardingConcern)]
    [InlineData("342191000000101", IndicatorKinds.ChildProtectionHistory)]
    [InlineData("375041000000100", IndicatorKinds.SafeguardingConcern)]
    public void An_rcgp_safeguarding_code_gives_its_indicator(string code, string kind)
    {
        var extract = Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Coded("Observation", ManUrl, code, Snomed)));

        var indicator = Assert.Single(extract.Indicators);
        Assert.Equal((kind, new RelationshipCode(Snomed, code)), (indicator.Kind, indicator.Code));
    }

    [Fact]
    public void A_coded_value_on_an_observation_gives_its_indicator()
    {
        const string Observation =
            """
            { "resourceType": "Observation", "status": "final", "code": { "text": "Drug use" },
              "subject": { "reference": "urn:uuid:00000000-0000-4000-8000-000000000002" },
              "valueCodeableConcept": { "coding": [ { "system": "http://snomed.info/sct", "code": "307052004" } ] } }
            """;

        var extract = Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Observation));

        Assert.Equal(IndicatorKinds.SubstanceMisuse, Assert.Single(extract.Indicators).Kind);
    }

    [Fact]
    public void A_flag_gives_its_indicator_with_its_period()
    {
        var extract = Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Coded("Flag", ManUrl, "domestic-abuse-perpetrator", extra: """, "period": { "start": "2026-09-15", "end": "2027-09-15" }""")));

        var indicator = Assert.Single(extract.Indicators);
        Assert.Equal((IndicatorKinds.DomesticAbusePerpetrator, new DateOnly(2026, 9, 15), new DateOnly(2027, 9, 15)), (indicator.Kind, indicator.EffectiveFrom, indicator.EffectiveTo));
    }

    [Fact]
    public void A_resolved_condition_is_an_inactive_indicator()
    {
        var extract = Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Coded("Condition", ManUrl, "anger-management", extra:
            """, "clinicalStatus": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "resolved" } ] }, "abatementDateTime": "2023-03-01" """)));

        var indicator = Assert.Single(extract.Indicators);
        Assert.False(indicator.Active);
        Assert.Equal(new DateOnly(2023, 3, 1), indicator.EffectiveTo);
    }

    [Fact]
    public void An_inactive_flag_is_an_inactive_indicator() =>
        Assert.False(Assert.Single(Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Coded("Flag", ManUrl, "mental-health").Replace("\"active\"", "\"inactive\"", StringComparison.Ordinal))).Indicators).Active);

    [Fact]
    public void A_condition_entered_in_error_is_a_statement_that_counts_for_nothing()
    {
        var extract = Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Coded("Condition", ManUrl, "mental-health", extra:
            """, "verificationStatus": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "entered-in-error" } ] }""")));

        Assert.True(Assert.Single(extract.Indicators).EnteredInError);
    }

    [Fact]
    public void A_code_that_is_not_an_indicator_is_stored_and_ignored()
    {
        var extract = Extract(FhirFeed.Gp, (ManUrl, Man()), (Url(5), Coded("Condition", ManUrl, "26322001", Snomed)));

        Assert.Empty(extract.Indicators);
        Assert.Contains("Condition (entry 3): code not an indicator InfoSharing maps", extract.Ignored);
    }
}

public sealed class When_a_gp_sends_a_record_about_a_patient_not_in_the_message
{
    private const string ConditionByNhsNumber =
        """
        { "resourceType": "Condition", "code": { "coding": [ { "system": "https://fhir.infosharing.uk/CodeSystem/indicator", "code": "mental-health" } ] },
          "subject": { "identifier": { "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "NHS" } } }
        """;

    [Fact]
    public void A_subject_named_by_a_valid_nhs_number_becomes_a_person()
    {
        var extract = FhirFeedReader.Extract(Read(ConditionByNhsNumber.Replace("NHS", "9990000026", StringComparison.Ordinal)), FhirFeed.Gp);

        var person = Assert.Single(extract.People);
        Assert.Equal("9990000026", person.Details.TrustedNhsNumber);
        Assert.Equal(person.Key, Assert.Single(extract.Indicators).PersonKey);
    }

    [Fact]
    public void A_subject_named_by_an_nhs_number_failing_the_check_has_no_usable_identity() =>
        Assert.Equal("no-usable-identity", Assert.Throws<MessageRejectedException>(() =>
            FhirFeedReader.Extract(Read(ConditionByNhsNumber.Replace("NHS", "9990000027", StringComparison.Ordinal)), FhirFeed.Gp)).Code);

    [Fact]
    public void A_subject_known_only_by_a_reference_gives_no_person_and_is_rejected()
    {
        var rejection = Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Extract(Read(Coded("Condition", "Patient/not-sent", "mental-health")), FhirFeed.Gp));

        Assert.Equal("no-usable-identity", rejection.Code);
    }
}

public sealed class When_a_gp_registers_an_infant_with_family_links
{
    private const string LinkToRelated =
        $$"""
        "link": [ { "other": { "reference": "{{OtherUrl}}" }, "type": "seealso" } ],
        """;

    [Fact]
    public void The_father_is_linked_to_the_infant()
    {
        var extract = Extract(FhirFeed.Gp, (InfantUrl, Infant()), (ManUrl, Related(InfantUrl, "FTH")));

        Assert.Equal(PersonRoles.Infant, extract.Person(InfantUrl).Role);
        var stated = Assert.Single(extract.Relationships);
        Assert.Equal((ManUrl, InfantUrl, RelationshipTarget.Infant, RelationshipType.BiologicalFather), (stated.FromKey, stated.ToKey, stated.Target, stated.Type));
    }

    [Fact]
    public void A_man_registered_as_a_patient_and_linked_to_his_related_person_record_is_one_person()
    {
        var extract = Extract(
            FhirFeed.Gp,
            (InfantUrl, Infant()),
            ("urn:uuid:00000000-0000-4000-8000-000000000010", Man().Replace("\"gender\"", LinkToRelated + "\"gender\"", StringComparison.Ordinal)),
            (OtherUrl, Related(InfantUrl, "NFTH", nhs: "9990000050")));

        Assert.Equal(2, extract.People.Count);
        Assert.Equal("urn:uuid:00000000-0000-4000-8000-000000000010", Assert.Single(extract.Relationships).FromKey);
    }

    [Fact]
    public void A_wife_of_an_adult_man_is_recorded_between_adults()
    {
        var extract = Extract(FhirFeed.Gp, (ManUrl, Man()), (OtherUrl, Related(ManUrl, "WIFE", nhs: "9990000042", gender: "female")));

        var stated = Assert.Single(extract.Relationships);
        Assert.Equal((RelationshipTarget.Adult, RelationshipType.MothersPartner), (stated.Target, stated.Type));
    }

    [Fact]
    public void A_man_whose_nhs_number_fails_the_check_is_kept_untrusted()
    {
        var extract = Extract(FhirFeed.Gp, (ManUrl, Man("9990000027")));

        var man = Assert.Single(extract.People).Details;
        Assert.False(man.NhsNumber?.IsValid);
        Assert.Null(man.TrustedNhsNumber);
    }

    [Fact]
    public void A_patient_with_neither_nhs_number_nor_name_and_birth_date_has_no_usable_identity()
    {
        var rejection = Rejection(FhirFeed.Gp, (ManUrl, """{ "resourceType": "Patient", "name": [ { "family": "Fakeman" } ], "gender": "male" }"""));

        Assert.Equal("no-usable-identity", rejection.Code);
        Assert.DoesNotContain("Fakeman", rejection.Message, StringComparison.Ordinal);
    }
}
