using Hl7.Fhir.Model;
using InfoSharing.Domain.Ingest;
using InfoSharing.Fhir.Reading;
using InfoSharing.UnitTests.Support;

namespace InfoSharing.UnitTests.Reading;

internal static class Read
{
    public static MessageRejectedException Rejection(string json) => Rejection(TestData.Utf8(json));

    public static MessageRejectedException Rejection(byte[] body) =>
        Assert.Throws<MessageRejectedException>(() => FhirReader.ReadJson(body));
}

public sealed class When_the_body_is_not_json
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not json at all")]
    [InlineData("{")]
    [InlineData("{\"resourceType\": \"Patient\",}")]
    [InlineData("{'resourceType': 'Patient'}")]
    [InlineData("{\"resourceType\": \"Patient\"} {\"resourceType\": \"Patient\"}")]
    [InlineData("{\"resourceType\": \"Patient\"} trailing")]
    public void Is_rejected_as_invalid_json(string body) => Assert.Equal("invalid-json", Read.Rejection(body).Code);

    [Fact]
    public void The_reason_gives_the_position_but_not_the_content()
    {
        var rejection = Read.Rejection("{\n  \"resourceType\": \"Patient\",\n  \"name\": Fakename\n}");

        Assert.Equal("invalid-json", rejection.Code);
        Assert.Contains("line 3", rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Fakename", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected_as_nesting_too_deep()
    {
        var deep = "{\"resourceType\":\"Patient\",\"extension\":" + string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)) + "}";

        Assert.Equal("nesting-too-deep", Read.Rejection(deep).Code);
    }

    // RFC 8259 lets a parser refuse a byte order mark; this one does, so agencies must send UTF-8 without one.
    [Fact]
    public void A_byte_order_mark_is_rejected_as_invalid_json()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. TestData.Utf8("{\"resourceType\":\"Patient\"}")];

        Assert.Equal("invalid-json", Read.Rejection(body).Code);
    }
}

public sealed class When_the_body_is_json_but_not_a_fhir_resource
{
    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"resourceType\": \"Patient\"}]")]
    [InlineData("\"Patient\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_value_that_is_not_an_object_is_rejected_as_invalid_fhir(string body) =>
        Assert.Equal("invalid-fhir", Read.Rejection(body).Code);

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"id\": \"mw-1\", \"gender\": \"female\"}")]
    [InlineData("{\"resourcetype\": \"Patient\"}")]
    [InlineData("{\"entry\": [{\"resource\": {\"resourceType\": \"Patient\"}}], \"contained\": {\"resourceType\": \"Patient\"}}")]
    public void An_object_without_a_top_level_resource_type_is_rejected_as_invalid_fhir(string body)
    {
        var rejection = Read.Rejection(body);

        Assert.Equal("invalid-fhir", rejection.Code);
        Assert.Contains("resourceType", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_resource_type_is_rejected_as_invalid_fhir() =>
        Assert.Equal("invalid-fhir", Read.Rejection("{\"resourceType\": \"Pregnancy\"}").Code);
}

public sealed class When_a_resource_breaks_the_fhir_rules
{
    [Fact]
    public void Is_rejected_as_invalid_fhir() =>
        Assert.Equal("invalid-fhir", Read.Rejection("{\"resourceType\": \"Patient\", \"birthDate\": \"notadate\"}").Code);

    [Fact]
    public void The_reason_names_the_element_and_the_rule()
    {
        var rejection = Read.Rejection("{\"resourceType\": \"Patient\", \"birthDate\": \"notadate\"}");

        Assert.Contains("Patient.birthDate", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("PVAL124", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reason_withholds_the_offending_value()
    {
        var rejection = Read.Rejection("{\"resourceType\": \"Patient\", \"birthDate\": \"notadate\"}");

        Assert.DoesNotContain("notadate", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("(value withheld)", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_nhs_number_in_the_wrong_place_is_withheld()
    {
        var rejection = Read.Rejection("{\"resourceType\": \"Patient\", \"gender\": \"9990000018\"}");

        Assert.Contains("Patient.gender", rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("9990000018", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_first_five_problems_are_listed_and_the_rest_counted()
    {
        var rejection = Read.Rejection(
            """
            {"resourceType": "Patient", "birthDate": "a", "gender": "b", "active": "c", "deceasedDateTime": "d",
             "multipleBirthBoolean": "e", "id": "f g", "language": 7}
            """);

        Assert.EndsWith("(and 2 more)", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(4, rejection.Message.Split("; ").Length - 1);
    }

    // Bug in FhirReader.WithholdValues: Firely quotes strings but not numbers ("decimal 9990000018 is not the right
    // type of literal for a string"), and the regex only removes '...'. An NHS number sent as a JSON number leaks.
    [Fact]
    public void An_nhs_number_sent_as_a_json_number_is_withheld()
    {
        var rejection = Read.Rejection(
            """{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": 9990000018}]}""");

        Assert.Equal("invalid-fhir", rejection.Code);
        Assert.DoesNotContain("9990000018", rejection.Message, StringComparison.Ordinal);
    }

    // Bug in FhirReader.QuotedValue ('[^']*'): a value holding an apostrophe ends the match early, so the part after
    // the apostrophe is printed ("string (value withheld)Fakeley(value withheld)..." keeps "Fakeley").
    [Fact]
    public void A_value_with_an_apostrophe_is_withheld_whole()
    {
        var rejection = Read.Rejection("""{"resourceType": "Patient", "birthDate": "O'Fakeley"}""");

        Assert.Equal("invalid-fhir", rejection.Code);
        Assert.DoesNotContain("Fakeley", rejection.Message, StringComparison.Ordinal);
    }
}

public sealed class When_a_valid_resource_is_read
{
    [Fact]
    public void Returns_the_typed_resource()
    {
        var resource = FhirReader.ReadJson(TestData.Utf8(
            """{"resourceType": "Patient", "id": "mw-1", "gender": "female", "birthDate": "1999-04-12"}"""));

        var patient = Assert.IsType<Patient>(resource);
        Assert.Equal("mw-1", patient.Id);
        Assert.Equal(AdministrativeGender.Female, patient.Gender);
        Assert.Equal("1999-04-12", patient.BirthDate);
    }

    [Fact]
    public void Accepts_the_midwifery_contract_example() =>
        Assert.IsType<Bundle>(FhirReader.ReadJson(TestData.MidwiferyExample("booking-with-partner.json")));
}
