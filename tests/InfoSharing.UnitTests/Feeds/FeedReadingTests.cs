using Hl7.Fhir.Model;
using InfoSharing.Domain.Ingest;
using InfoSharing.Fhir.Feeds;
using InfoSharing.UnitTests.Support;

namespace InfoSharing.UnitTests.Feeds;

public sealed class When_a_fhir_feed_message_arrives_with_a_content_type
{
    private const string PatientJson = """{ "resourceType": "Patient", "id": "p-1" }""";

    private const string PatientXml = """<Patient xmlns="http://hl7.org/fhir"><id value="p-1"/><birthDate value="1999-04-12"/></Patient>""";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/fhir+json")]
    [InlineData("application/json")]
    [InlineData("application/fhir+json; charset=utf-8")]
    [InlineData("Application/FHIR+JSON")]
    public void Json_is_read_as_json(string? contentType) =>
        Assert.Equal("p-1", FhirFeedReader.Read(TestData.Utf8(PatientJson), contentType).Id);

    [Theory]
    [InlineData("application/fhir+xml")]
    [InlineData("application/fhir+xml;charset=UTF-8")]
    public void Xml_is_read_as_xml(string contentType)
    {
        var patient = Assert.IsType<Patient>(FhirFeedReader.Read(TestData.Utf8(PatientXml), contentType));

        Assert.Equal("1999-04-12", patient.BirthDate);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/fhir+turtle")]
    public void Another_content_type_is_rejected_as_unsupported(string contentType) =>
        Assert.Equal("unsupported-content-type", Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Read(TestData.Utf8(PatientJson), contentType)).Code);

    [Fact]
    public void Xml_sent_as_json_is_invalid_json() =>
        Assert.Equal("invalid-json", Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Read(TestData.Utf8(PatientXml), "application/fhir+json")).Code);
}

public sealed class When_fhir_xml_is_not_well_formed_or_not_fhir
{
    private static MessageRejectedException Rejection(string xml) =>
        Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Read(TestData.Utf8(xml), "application/fhir+xml"));

    [Fact]
    public void Malformed_xml_is_invalid_xml_with_its_line_and_position()
    {
        var rejection = Rejection("<Patient xmlns=\"http://hl7.org/fhir\">\n  <name><family value=\"Fakename\"/>\n</Patient>");

        Assert.Equal("invalid-xml", rejection.Code);
        Assert.Contains("line 3", rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Fakename", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml")]
    [InlineData("{\"resourceType\": \"Patient\"}")]
    public void A_body_that_is_not_xml_is_invalid_xml(string body) => Assert.Equal("invalid-xml", Rejection(body).Code);

    // A document type declaration could expand entities or fetch external ones: it is never processed.
    [Fact]
    public void A_document_type_declaration_is_refused_as_invalid_xml() =>
        Assert.Equal("invalid-xml", Rejection("<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x \"y\">]><Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&x;\"/></Patient>").Code);

    [Fact]
    public void Xml_outside_the_fhir_namespace_is_invalid_fhir() =>
        Assert.Equal("invalid-fhir", Rejection("<Patient><id value=\"p\"/></Patient>").Code);

    [Fact]
    public void An_unknown_fhir_element_is_invalid_fhir() =>
        Assert.Equal("invalid-fhir", Rejection("<Pregnancy xmlns=\"http://hl7.org/fhir\"><id value=\"p\"/></Pregnancy>").Code);

    [Fact]
    public void A_broken_fhir_rule_names_the_element_and_withholds_the_value()
    {
        var rejection = Rejection("<Patient xmlns=\"http://hl7.org/fhir\"><birthDate value=\"O'Fakeley\"/></Patient>");

        Assert.Equal("invalid-fhir", rejection.Code);
        Assert.Contains("Patient.birthDate", rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Fakeley", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_nhs_number_in_the_wrong_place_is_withheld()
    {
        var rejection = Rejection("<Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"9990000018\"/></Patient>");

        Assert.Equal("invalid-fhir", rejection.Code);
        Assert.DoesNotContain("9990000018", rejection.Message, StringComparison.Ordinal);
    }
}

public sealed class When_a_message_is_not_one_a_fhir_feed_accepts
{
    [Theory]
    [InlineData("""{ "resourceType": "CodeSystem", "status": "draft", "content": "not-present" }""", "CodeSystem")]
    [InlineData("""{ "resourceType": "Person", "id": "x" }""", "Person")]
    [InlineData("""{ "resourceType": "Bundle", "type": "searchset" }""", "Bundle of type searchset")]
    [InlineData("""{ "resourceType": "Bundle", "type": "transaction-response" }""", "Bundle of type transaction-response")]
    public void Is_rejected_as_an_unsupported_resource_type(string json, string named)
    {
        foreach (var feed in Enum.GetValues<FhirFeed>())
        {
            var rejection = Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Extract(Feed.Read(json), feed));
            Assert.Equal("unsupported-resource-type", rejection.Code);
            Assert.Contains($"does not accept a {named}", rejection.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_resource_inside_a_bundle_is_listed_as_ignored()
    {
        var extract = Feed.Extract(FhirFeed.Gp, (Feed.ManUrl, Feed.Man()), (Feed.Url(9), """{ "resourceType": "Composition", "status": "final", "type": { "text": "x" }, "date": "2027-01-01", "author": [ { "display": "x" } ], "title": "x" }"""));

        Assert.Equal(["Composition (entry 3): not a resource type the gp feed maps"], extract.Ignored);
        Assert.Single(extract.People);
    }

    [Fact]
    public void An_animal_patient_anywhere_in_the_message_is_not_a_person()
    {
        const string Animal =
            """
            { "resourceType": "Patient", "name": [ { "family": "Fakedog" } ], "birthDate": "2020-01-01",
              "extension": [ { "url": "http://hl7.org/fhir/StructureDefinition/patient-animal",
                               "extension": [ { "url": "species", "valueCodeableConcept": { "text": "dog" } } ] } ] }
            """;

        var rejection = Feed.Rejection(FhirFeed.HealthVisiting, (Feed.ManUrl, Feed.Man()), (Feed.OtherUrl, Animal));

        Assert.Equal("not-a-person", rejection.Code);
        Assert.Contains("entry 3", rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Fakedog", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_header_alone_names_no_person() =>
        Assert.Equal("no-usable-identity", Feed.Rejection(FhirFeed.Gp).Code);
}

public sealed class When_a_single_resource_has_no_full_url
{
    [Fact]
    public void Its_key_is_its_type_and_id() =>
        Assert.Equal("Patient/man-1", Assert.Single(FhirFeedReader.Extract(Feed.Read(Feed.Man()), FhirFeed.Gp).People).Key);

    [Fact]
    public void Without_an_id_its_key_is_its_type_and_position()
    {
        var extract = FhirFeedReader.Extract(Feed.Read(Feed.Man().Replace("\"id\": \"man-1\",", string.Empty, StringComparison.Ordinal)), FhirFeed.Gp);

        Assert.Equal("Patient#entry-1", Assert.Single(extract.People).Key);
    }
}
