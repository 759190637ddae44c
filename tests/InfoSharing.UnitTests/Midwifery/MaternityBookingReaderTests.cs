using System.Text.Json.Nodes;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.People;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.Reading;
using InfoSharing.UnitTests.Support;

namespace InfoSharing.UnitTests.Midwifery;

public sealed class When_a_midwifery_booking_names_the_father
{
    private readonly MaternityBooking _booking = Booking.Read(TestData.MidwiferyExample("booking-with-partner.json"));

    [Fact]
    public void Finds_the_mother_with_her_valid_nhs_number()
    {
        Assert.Equal("mw-mother-1001", _booking.Mother.LocalId);
        Assert.Equal("9990000018", _booking.Mother.TrustedNhsNumber);
        Assert.Equal(AdministrativeSex.Female, _booking.Mother.Sex);
        Assert.Equal("ZZ99 1AA", _booking.Mother.Postcode);
    }

    [Fact]
    public void Reads_the_expected_delivery_date() => Assert.Equal(new DateOnly(2027, 3, 15), _booking.ExpectedDeliveryDate);

    [Fact]
    public void Links_him_to_the_unborn_child_as_the_biological_father()
    {
        var father = Assert.Single(_booking.LinkedPeople);

        Assert.Equal(RelationshipType.BiologicalFather, father.Relationship);
        Assert.Equal(new RelationshipCode("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "NFTHF"), father.Code);
        Assert.Equal("9990000026", father.Person.TrustedNhsNumber);
        Assert.Equal("Jordan", father.Person.GivenName);
        Assert.Equal("Samplesby", father.Person.FamilyName);
        Assert.Equal(AdministrativeSex.Male, father.Person.Sex);
        Assert.Equal(new DateOnly(1997, 8, 30), father.Person.BirthDate);
    }
}

public sealed class When_a_message_names_no_mother
{
    private const string Man =
        """{ "resourceType": "Patient", "id": "mw-man-9", "name": [ { "family": "Fakeman", "given": [ "Solo" ] } ], "gender": "male" }""";

    private const string Woman =
        """{ "resourceType": "Patient", "id": "mw-woman-9", "name": [ { "family": "Fakewoman" } ], "gender": "female" }""";

    [Fact]
    public void A_bundle_with_only_a_man_is_rejected_as_mother_missing()
    {
        var rejection = Assert.Throws<MessageRejectedException>(() => Booking.Read(Booking.Bundle((Booking.ManUrl, Man))));

        Assert.Equal("mother-missing", rejection.Code);
    }

    [Fact]
    public void Two_women_and_no_delivery_date_are_rejected_as_mother_missing()
    {
        var message = Booking.Bundle((Booking.MotherUrl, Booking.Mother), (Booking.OtherPatientUrl, Woman));

        Assert.Equal("mother-missing", Assert.Throws<MessageRejectedException>(() => Booking.Read(message)).Code);
    }

    [Fact]
    public void A_lone_related_person_whose_patient_is_not_in_the_message_is_rejected_as_mother_missing()
    {
        var message = FhirReader.ReadJson(TestData.Utf8(Booking.RelatedMan("Patient/not-sent", "NFTHF")));

        Assert.Equal("mother-missing", Assert.Throws<MessageRejectedException>(() => Booking.Read(message)).Code);
    }

    [Fact]
    public void The_reason_names_no_person()
    {
        var rejection = Assert.Throws<MessageRejectedException>(() => Booking.Read(Booking.Bundle((Booking.ManUrl, Man))));

        Assert.DoesNotContain("Fakeman", rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("mw-man-9", rejection.Message, StringComparison.Ordinal);
    }
}

public sealed class When_the_message_is_not_a_midwifery_resource
{
    [Theory]
    [InlineData("CodeSystem-flag-category.json", "CodeSystem")]
    [InlineData("CodeSystem-v3-RoleCode.json", "CodeSystem")]
    [InlineData("ValueSet-flag-category.json", "ValueSet")]
    [InlineData("Person-example.json", "Person")]
    public void Is_rejected_as_an_unsupported_resource_type(string fileName, string type)
    {
        var rejection = Assert.Throws<MessageRejectedException>(() => Booking.Read(TestData.Hl7R4(fileName)));

        Assert.Equal("unsupported-resource-type", rejection.Code);
        Assert.Contains($"does not accept a {type}", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_system_inside_a_booking_bundle_is_ignored()
    {
        var message = Booking.Bundle(
            (Booking.MotherUrl, Booking.Mother),
            ("urn:uuid:00000000-0000-4000-8000-000000000009", """{ "resourceType": "CodeSystem", "status": "draft", "content": "not-present" }"""));

        Assert.Equal("9990000018", Booking.Read(message).Mother.TrustedNhsNumber);
    }
}

public sealed class When_the_mother_lists_her_husband_as_a_contact
{
    private const string MotherWithHusband =
        """
        { "resourceType": "Patient", "id": "mw-mother-2",
          "identifier": [ { "system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000034" } ],
          "gender": "female",
          "contact": [ {
            "relationship": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "code": "HUSB" } ] } ],
            "name": { "family": "Placeholder", "given": [ "Sam" ] },
            "gender": "male",
            "address": { "postalCode": "zz99 3cc " } } ] }
        """;

    private readonly MaternityBooking _booking = Booking.Read(Booking.Bundle(
        (Booking.MotherUrl, MotherWithHusband),
        ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd(Booking.MotherUrl))));

    [Fact]
    public void Links_him_as_the_mothers_partner()
    {
        var husband = Assert.Single(_booking.LinkedPeople);

        Assert.Equal(RelationshipType.MothersPartner, husband.Relationship);
        Assert.Equal(new RelationshipCode("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "HUSB"), husband.Code);
    }

    [Fact]
    public void Reads_who_he_is_from_the_contact()
    {
        var husband = Assert.Single(_booking.LinkedPeople).Person;

        Assert.Equal("Sam", husband.GivenName);
        Assert.Equal("Placeholder", husband.FamilyName);
        Assert.Equal(AdministrativeSex.Male, husband.Sex);
        Assert.Equal("ZZ99 3CC", husband.Postcode);
        Assert.Null(husband.NhsNumber);
    }
}

public sealed class When_a_related_person_belongs_to_another_patient
{
    private const string Sister =
        """{ "resourceType": "Patient", "id": "mw-sister-1", "name": [ { "family": "Testwood", "given": [ "Ivy" ] } ], "gender": "female" }""";

    [Fact]
    public void He_is_not_linked_to_the_mothers_child()
    {
        var booking = Booking.Read(Booking.Bundle(
            (Booking.MotherUrl, Booking.Mother),
            (Booking.OtherPatientUrl, Sister),
            (Booking.ManUrl, Booking.RelatedMan(Booking.OtherPatientUrl, "NFTHF")),
            ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd(Booking.MotherUrl))));

        Assert.Equal("mw-mother-1", booking.Mother.LocalId);
        Assert.Empty(booking.LinkedPeople);
    }

    [Fact]
    public void A_related_person_of_a_patient_not_in_the_message_is_not_linked()
    {
        var booking = Booking.Read(Booking.Bundle(
            (Booking.MotherUrl, Booking.Mother),
            (Booking.ManUrl, Booking.RelatedMan("Patient/not-sent", "NFTHF")),
            ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd(Booking.MotherUrl))));

        Assert.Empty(booking.LinkedPeople);
    }
}

public sealed class When_the_mothers_own_father_is_recorded
{
    [Fact]
    public void He_is_not_linked_as_the_childs_father()
    {
        var booking = Booking.Read(Booking.Bundle(
            (Booking.MotherUrl, Booking.Mother),
            (Booking.ManUrl, Booking.RelatedMan(Booking.MotherUrl, "FTH")),
            ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd(Booking.MotherUrl))));

        Assert.Empty(booking.LinkedPeople);
    }
}

public sealed class When_references_are_relative_or_absolute
{
    [Fact]
    public void A_relative_reference_finds_the_mother_by_type_and_id()
    {
        var booking = Booking.Read(Booking.Bundle(
            (Booking.MotherUrl, Booking.Mother),
            (Booking.ManUrl, Booking.RelatedMan("Patient/mw-mother-1", "NFTHF")),
            ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd("Patient/mw-mother-1"))));

        Assert.Equal(new DateOnly(2027, 3, 15), booking.ExpectedDeliveryDate);
        Assert.Equal(RelationshipType.BiologicalFather, Assert.Single(booking.LinkedPeople).Relationship);
    }

    [Fact]
    public void An_absolute_reference_finds_the_mother_by_its_type_and_id_tail()
    {
        var booking = Booking.Read(Booking.Bundle(
            (Booking.MotherUrl, Booking.Mother),
            (Booking.ManUrl, Booking.RelatedMan("https://maternity.example/fhir/Patient/mw-mother-1", "NFTHF")),
            ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd(Booking.MotherUrl))));

        Assert.Single(booking.LinkedPeople);
    }
}

public sealed class When_the_expected_delivery_date_is_recorded
{
    [Fact]
    public void A_snomed_coded_date_is_read()
    {
        var booking = Booking.Read(Booking.Bundle(
            (Booking.MotherUrl, Booking.Mother),
            ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd(Booking.MotherUrl, "2027-04-01", "http://snomed.info/sct", "161714006"))));

        Assert.Equal(new DateOnly(2027, 4, 1), booking.ExpectedDeliveryDate);
    }

    [Fact]
    public void A_date_with_a_time_is_read_as_its_calendar_date()
    {
        var booking = Booking.Read(Booking.Bundle(
            (Booking.MotherUrl, Booking.Mother),
            ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd(Booking.MotherUrl, "2027-03-15T00:00:00+00:00"))));

        Assert.Equal(new DateOnly(2027, 3, 15), booking.ExpectedDeliveryDate);
    }

    [Fact]
    public void A_month_alone_gives_no_date()
    {
        var booking = Booking.Read(Booking.Bundle(
            (Booking.MotherUrl, Booking.Mother),
            ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd(Booking.MotherUrl, "2027-03"))));

        Assert.Null(booking.ExpectedDeliveryDate);
    }

    [Fact]
    public void An_observation_with_another_code_gives_no_date()
    {
        var booking = Booking.Read(Booking.Bundle(
            (Booking.MotherUrl, Booking.Mother),
            ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd(Booking.MotherUrl, code: "8302-2"))));

        Assert.Null(booking.ExpectedDeliveryDate);
    }

    [Fact]
    public void Its_subject_is_the_mother_even_when_other_women_are_in_the_message()
    {
        const string Woman = """{ "resourceType": "Patient", "id": "mw-woman-3", "gender": "female" }""";
        var booking = Booking.Read(Booking.Bundle(
            (Booking.OtherPatientUrl, Woman),
            (Booking.MotherUrl, Booking.Mother),
            ("urn:uuid:00000000-0000-4000-8000-000000000004", Booking.Edd(Booking.MotherUrl))));

        Assert.Equal("mw-mother-1", booking.Mother.LocalId);
    }
}

/// <summary>HL7 example Patient-f201: a man (gender male) whose contact is his wife, coded SNOMED 127850001, v2 N and v3 WIFE.</summary>
public sealed class When_reading_hl7_example_patient_f201
{
    [Fact]
    public void He_is_not_taken_as_a_mother()
    {
        var rejection = Assert.Throws<MessageRejectedException>(() => Booking.Read(TestData.Hl7R4("Patient-f201.json")));

        Assert.Equal("mother-missing", rejection.Code);
    }

    [Fact]
    public void Recorded_as_a_woman_her_wife_contact_is_linked_as_her_partner_by_the_v3_code()
    {
        var patient = TestData.Hl7R4Node("Patient-f201.json");
        patient["gender"] = "female";

        var booking = Booking.Read(TestData.Utf8(patient.ToJsonString()));

        var wife = Assert.Single(booking.LinkedPeople);
        Assert.Equal(RelationshipType.MothersPartner, wife.Relationship);
        Assert.Equal(new RelationshipCode("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "WIFE"), wife.Code);
        Assert.Null(booking.ExpectedDeliveryDate);
    }

    // The contact's name is only HumanName.text ("Ariadne Bor-Jansma"): PersonReader reads given and family only,
    // so the linked person arrives with no name at all.
    [Fact]
    public void Recorded_as_a_woman_her_wife_contact_arrives_without_a_name()
    {
        var patient = TestData.Hl7R4Node("Patient-f201.json");
        patient["gender"] = "female";

        var wife = Assert.Single(Booking.Read(TestData.Utf8(patient.ToJsonString())).LinkedPeople).Person;

        Assert.Null(wife.GivenName);
        Assert.Null(wife.FamilyName);
        Assert.Null(wife.NhsNumber);
    }
}

/// <summary>
/// The fallback "a single female Patient is the mother" looks at gender only. Without an expected delivery date the
/// handler links nobody, so the harm is limited to a person stored in the role of mother (see the report).
/// </summary>
public sealed class When_the_only_female_patient_is_not_a_pregnant_woman
{
    // A living female infant is still a plausible patient here: without a delivery date nothing is linked to anyone.
    [Fact]
    public void An_infant_is_stored_but_nothing_is_linked()
    {
        var booking = Booking.Read(TestData.Hl7R4("Patient-infant-twin-1.json"));

        Assert.Equal("infant-twin-1", booking.Mother.LocalId);
        Assert.Null(booking.ExpectedDeliveryDate);
        Assert.Empty(booking.LinkedPeople);
    }

    [Theory]
    [InlineData("Patient-animal.json")]
    [InlineData("Patient-pat4.json")]
    public void An_animal_or_a_deceased_patient_is_never_taken_as_the_mother(string fileName)
    {
        var rejected = Assert.Throws<MessageRejectedException>(() => Booking.Read(TestData.Hl7R4(fileName)));

        Assert.Equal("mother-missing", rejected.Code);
    }
}

/// <summary>
/// HL7 examples Patient-example (Peter, male) and RelatedPerson-benedicte (his wife, v3 WIFE) in one collection:
/// without a pregnancy record, a male patient is never guessed to be the mother.
/// </summary>
public sealed class When_a_related_person_points_at_a_man_and_no_delivery_date_is_given
{
    private static JsonObject Collection(params (string FullUrl, string FileName)[] entries) => new()
    {
        ["resourceType"] = "Bundle",
        ["type"] = "collection",
        ["entry"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
        {
            ["fullUrl"] = e.FullUrl,
            ["resource"] = TestData.Hl7R4Node(e.FileName),
        })]),
    };

    [Fact]
    public void He_is_not_taken_as_the_mother_and_the_message_is_rejected()
    {
        var message = Collection(
            ("http://hl7.org/fhir/Patient/example", "Patient-example.json"),
            ("http://hl7.org/fhir/RelatedPerson/benedicte", "RelatedPerson-benedicte.json"));

        var rejected = Assert.Throws<MessageRejectedException>(() => Booking.Read(TestData.Utf8(message.ToJsonString())));

        Assert.Equal("mother-missing", rejected.Code);
    }
}
