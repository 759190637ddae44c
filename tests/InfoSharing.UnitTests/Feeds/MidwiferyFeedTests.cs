using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Feeds;
using static InfoSharing.UnitTests.Feeds.Feed;

namespace InfoSharing.UnitTests.Feeds;

public sealed class When_a_midwifery_booking_names_the_babys_father
{
    private readonly AgencyExtract _extract = Extract(
        FhirFeed.Midwifery, (MotherUrl, Mother()), (ManUrl, Related(MotherUrl, "NFTHF")), (Url(5), Edd(MotherUrl)));

    [Fact]
    public void The_mother_is_keyed_by_her_full_url_with_her_valid_nhs_number()
    {
        var mother = _extract.Person(MotherUrl);

        Assert.Equal(PersonRoles.Mother, mother.Role);
        Assert.Equal("9990000018", mother.Details.TrustedNhsNumber);
    }

    [Fact]
    public void Records_the_pregnancy_with_its_expected_delivery_date() =>
        Assert.Equal(new Pregnancy(MotherUrl, new DateOnly(2027, 3, 15)), Assert.Single(_extract.Pregnancies));

    [Fact]
    public void Links_him_to_her_unborn_child_as_biological_father()
    {
        var stated = Assert.Single(_extract.Relationships);

        Assert.Equal(new StatedRelationship(ManUrl, MotherUrl, RelationshipTarget.UnbornChildOf, RelationshipType.BiologicalFather, new RelationshipCode(V3, "NFTHF")), stated);
        Assert.Equal("biological-father", _extract.Person(ManUrl).Role);
    }

    [Fact]
    public void The_message_header_is_neither_a_person_nor_ignored()
    {
        Assert.Equal(2, _extract.People.Count);
        Assert.Empty(_extract.Ignored);
    }
}

public sealed class When_a_midwifery_booking_lists_the_husband_as_a_contact
{
    private const string ContactExtra =
        """
        , "contact": [ { "relationship": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "code": "HUSB" } ] } ],
                         "name": { "family": "Placeholder", "given": [ "Sam" ] }, "gender": "male" } ]
        """;

    private readonly AgencyExtract _extract = Extract(FhirFeed.Midwifery, (MotherUrl, Mother(ContactExtra)), (Url(5), Edd(MotherUrl)));

    [Fact]
    public void He_gets_a_key_derived_from_hers_and_is_linked_as_her_partner()
    {
        var stated = Assert.Single(_extract.Relationships);

        Assert.Equal($"{MotherUrl}#contact-1", stated.FromKey);
        Assert.Equal(RelationshipTarget.UnbornChildOf, stated.Target);
        Assert.Equal(RelationshipType.MothersPartner, stated.Type);
        Assert.Equal("Placeholder", _extract.Person(stated.FromKey).Details.FamilyName);
    }
}

public sealed class When_a_midwifery_message_cannot_name_the_mother
{
    [Fact]
    public void A_partner_with_two_women_and_no_delivery_date_is_rejected_as_mother_missing()
    {
        const string Woman = """{ "resourceType": "Patient", "id": "w-2", "name": [ { "family": "Fakewoman" } ], "birthDate": "1990-01-01", "gender": "female" }""";

        var rejection = Rejection(FhirFeed.Midwifery, (MotherUrl, Mother()), (OtherUrl, Woman), (ManUrl, Related("Patient/not-sent", "NFTHF")));

        Assert.Equal("mother-missing", rejection.Code);
        Assert.DoesNotContain("Fakewoman", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_related_person_whose_patient_is_not_sent_is_rejected_as_mother_missing() =>
        Assert.Equal("mother-missing", Rejection(FhirFeed.Midwifery, (ManUrl, Related("Patient/not-sent", "NFTHF"))).Code);

    [Fact]
    public void A_delivery_date_whose_subject_is_not_sent_and_no_woman_is_rejected_as_mother_missing() =>
        Assert.Equal("mother-missing", Rejection(FhirFeed.Midwifery, (ManUrl, Man()), (Url(5), Edd("Patient/not-sent"))).Code);

    [Fact]
    public void An_infant_without_an_identifiable_mother_is_rejected_as_mother_missing()
    {
        var rejection = Rejection(FhirFeed.Midwifery, (InfantUrl, Infant()), (MotherUrl, Mother()));

        Assert.Equal("mother-missing", rejection.Code);
        Assert.Contains("entry 2", rejection.Message, StringComparison.Ordinal);
    }

    // Decision 0004: without a delivery date the single living female Patient is the mother.
    [Fact]
    public void Without_a_delivery_date_the_only_woman_is_taken_as_the_mother()
    {
        var extract = Extract(FhirFeed.Midwifery, (MotherUrl, Mother()), (ManUrl, Related(MotherUrl, "SIGOTHR")));

        Assert.Equal(PersonRoles.Mother, extract.Person(MotherUrl).Role);
        Assert.Equal(RelationshipType.MothersPartner, Assert.Single(extract.Relationships).Type);
        Assert.Empty(extract.Pregnancies);
    }
}

public sealed class When_a_midwifery_message_records_people_who_are_not_the_babys_father
{
    [Fact]
    public void The_mothers_own_father_is_not_linked()
    {
        var extract = Extract(FhirFeed.Midwifery, (MotherUrl, Mother()), (ManUrl, Related(MotherUrl, "FTH")), (Url(5), Edd(MotherUrl)));

        Assert.Empty(extract.Relationships);
        Assert.Contains(extract.Ignored, i => i.StartsWith("RelatedPerson (entry 3)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_father_of_another_womans_fetus_is_not_linked_to_the_mothers_child()
    {
        const string Sister = """{ "resourceType": "Patient", "id": "sister-1", "name": [ { "family": "Testwood" } ], "birthDate": "2001-02-02", "gender": "female" }""";

        var extract = Extract(FhirFeed.Midwifery, (MotherUrl, Mother()), (OtherUrl, Sister), (ManUrl, Related(OtherUrl, "NFTHF")), (Url(5), Edd(MotherUrl)));

        Assert.Empty(extract.Relationships);
    }
}

public sealed class When_midwifery_sends_antenatal_appointments
{
    private readonly AgencyExtract _extract = Extract(
        FhirFeed.Midwifery,
        (MotherUrl, Mother()),
        (Url(5), Edd(MotherUrl)),
        (Url(6), Appointment(MotherUrl, "noshow")),
        (Url(7), Appointment(MotherUrl, "fulfilled", "2027-01-10T10:00:00Z")),
        (Url(8), Appointment(MotherUrl, "booked")));

    [Fact]
    public void A_missed_appointment_is_not_attended() =>
        Assert.Contains(new AppointmentStatement(MotherUrl, new DateOnly(2027, 3, 18), "noshow", true), _extract.Appointments);

    [Fact]
    public void A_kept_appointment_is_attended() =>
        Assert.Contains(new AppointmentStatement(MotherUrl, new DateOnly(2027, 1, 10), "fulfilled", false), _extract.Appointments);

    [Fact]
    public void A_booked_appointment_is_stored_but_not_mapped()
    {
        Assert.Equal(2, _extract.Appointments.Count);
        Assert.Contains(_extract.Ignored, i => i.StartsWith("Appointment (entry 6)", StringComparison.Ordinal));
    }

    // An adult's missed appointment is not "was not brought": that is for children.
    [Fact]
    public void The_mothers_missed_appointment_is_not_a_was_not_brought_indicator() => Assert.Empty(_extract.Indicators);
}

public sealed class When_midwifery_notifies_a_birth
{
    [Fact]
    public void A_related_person_coded_natural_mother_and_linked_from_her_patient_record_names_the_mother()
    {
        var extract = Extract(
            FhirFeed.Midwifery,
            (MotherUrl, Mother($$""", "link": [ { "other": { "reference": "{{OtherUrl}}" }, "type": "seealso" } ]""")),
            (InfantUrl, Infant()),
            (OtherUrl, Related(InfantUrl, "NMTH", nhs: "9990000018", gender: "female")),
            (Url(5), Edd(MotherUrl)));

        Assert.Equal(new Birth(MotherUrl, InfantUrl, new DateOnly(2027, 3, 12), new DateOnly(2027, 3, 15)), Assert.Single(extract.Births));
        Assert.Equal(PersonRoles.Infant, extract.Person(InfantUrl).Role);
        Assert.DoesNotContain(extract.People, p => p.Key == OtherUrl);
    }

    [Fact]
    public void A_related_person_with_the_mothers_nhs_number_is_the_same_woman()
    {
        var extract = Extract(FhirFeed.Midwifery, (MotherUrl, Mother()), (InfantUrl, Infant()), (OtherUrl, Related(InfantUrl, "MTH", nhs: "9990000018", gender: "female")));

        Assert.Equal(MotherUrl, Assert.Single(extract.Births).MotherKey);
        Assert.Null(extract.Births[0].ExpectedDeliveryDate);
    }

    [Fact]
    public void A_natural_mother_related_person_alone_is_the_mother()
    {
        var extract = Extract(FhirFeed.Midwifery, (InfantUrl, Infant()), (OtherUrl, Related(InfantUrl, "NMTH", nhs: "9990000042", gender: "female")));

        Assert.Equal(OtherUrl, Assert.Single(extract.Births).MotherKey);
        Assert.Equal(PersonRoles.Mother, extract.Person(OtherUrl).Role);
    }

    [Fact]
    public void A_natural_parent_code_names_the_mother_only_for_a_woman()
    {
        var extract = Extract(FhirFeed.Midwifery, (InfantUrl, Infant()), (OtherUrl, Related(InfantUrl, "NPRN", nhs: "9990000042", gender: "female")));

        Assert.Single(extract.Births);
        Assert.Equal("mother-missing", Rejection(FhirFeed.Midwifery, (InfantUrl, Infant()), (OtherUrl, Related(InfantUrl, "NPRN"))).Code);
    }

    [Fact]
    public void The_infants_contact_coded_mother_names_the_mother()
    {
        const string Contact =
            """
            , "contact": [ { "relationship": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "code": "MTH" } ] } ],
                             "name": { "family": "Testwood", "given": [ "Ellie" ] }, "gender": "female" } ]
            """;

        var extract = Extract(FhirFeed.Midwifery, (InfantUrl, Infant(Contact)));

        Assert.Equal($"{InfantUrl}#contact-1", Assert.Single(extract.Births).MotherKey);
        Assert.Empty(extract.Relationships);
    }

    [Fact]
    public void The_infants_father_is_linked_to_the_infant()
    {
        var extract = Extract(FhirFeed.Midwifery, (InfantUrl, Infant()), (OtherUrl, Related(InfantUrl, "NMTH", nhs: "9990000042", gender: "female", id: "m")), (ManUrl, Related(InfantUrl, "FTH")));

        var stated = Assert.Single(extract.Relationships);
        Assert.Equal((ManUrl, InfantUrl, RelationshipTarget.Infant, RelationshipType.BiologicalFather), (stated.FromKey, stated.ToKey, stated.Target, stated.Type));
    }
}

public sealed class When_midwifery_records_a_parents_care_leaver_status_and_icon_advice
{
    private readonly AgencyExtract _extract = Extract(
        FhirFeed.Midwifery,
        (MotherUrl, Mother()),
        (ManUrl, Related(MotherUrl, "NFTHF")),
        (Url(5), Edd(MotherUrl)),
        (Url(6), Coded("Observation", MotherUrl, "care-leaver", extra: $$""", "focus": [ { "reference": "{{ManUrl}}" } ], "effectiveDateTime": "2026-11-27" """)),
        (Url(7), Coded("Condition", MotherUrl, "care-leaver")),
        (Url(8), Coded("Observation", MotherUrl, "icon-advice-given")),
        (Url(9), Coded("Observation", MotherUrl, "icon-advice-given", extra: $$""", "focus": [ { "reference": "{{ManUrl}}" } ]""")));

    [Fact]
    public void The_fathers_care_leaver_status_is_his_through_the_observation_focus()
    {
        var indicator = Assert.Single(_extract.Indicators, i => i.PersonKey == ManUrl && i.Kind == IndicatorKinds.CareLeaver);

        Assert.Equal(new DateOnly(2026, 11, 27), indicator.EffectiveFrom);
        Assert.Equal(new RelationshipCode(Indicator, "care-leaver"), indicator.Code);
    }

    [Fact]
    public void The_mothers_care_leaver_condition_is_hers() =>
        Assert.Single(_extract.Indicators, i => i.PersonKey == MotherUrl && i.Kind == IndicatorKinds.CareLeaver);

    [Fact]
    public void Icon_advice_is_recorded_for_each_parent() =>
        Assert.Equal([MotherUrl, ManUrl], _extract.Indicators.Where(i => i.Kind == IndicatorKinds.IconAdviceGiven).Select(i => i.PersonKey));
}
