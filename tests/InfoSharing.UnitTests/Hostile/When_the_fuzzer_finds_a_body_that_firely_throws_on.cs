using System.Text;
using InfoSharing.Domain.Ingest;
using InfoSharing.Fhir.Feeds;

namespace InfoSharing.UnitTests.Hostile;

/// <summary>
/// Bodies found by the fuzzer (bench/InfoSharing.Fuzz, reduced by hand): each passed the limits guard and made Firely
/// throw something other than what FhirReader translated, so the worker set a bad message aside as failed (a fault of
/// ours) instead of rejecting it to the sender. Each is now invalid-fhir.
/// </summary>
public sealed class When_the_fuzzer_finds_a_body_that_firely_throws_on
{
    private static string Code(string body, string contentType) =>
        Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Read(Encoding.UTF8.GetBytes(body), contentType)).Code;

    [Theory]
    [InlineData("""{"resourceType":[]}""")]
    [InlineData("""{"resourceType":["Patient"],"id":"1"}""")]
    [InlineData("""{"id":"1","resourceType":{}}""")]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":{"a":1}}}]}""")]
    public void A_resource_type_that_is_not_a_string_is_invalid_fhir(string body) =>
        Assert.Equal("invalid-fhir", Code(body, "application/fhir+json"));

    [Theory]
    [InlineData("""{"resourceType":"Patient","":""}""")]
    [InlineData("""{"resourceType":"Patient","name":[{"":"x"}]}""")]
    public void A_property_with_an_empty_name_is_invalid_fhir(string body) =>
        Assert.Equal("invalid-fhir", Code(body, "application/fhir+json"));

    [Theory]
    [InlineData("""<Patient xmlns="http://hl7.org/fhir"><id><value/></id></Patient>""")]
    [InlineData("""<Patient xmlns="http://hl7.org/fhir"><name><family><value e=""/></family></name></Patient>""")]
    [InlineData("""<Patient xmlns="http://hl7.org/fhir"><name><family vaLue="x"/></name></Patient>""")]
    public void A_primitive_given_a_value_element_or_a_misspelt_value_attribute_is_invalid_fhir(string body) =>
        Assert.Equal("invalid-fhir", Code(body, "application/fhir+xml"));

    [Theory]
    [InlineData("""<Patient xmlns="http://hl7.org/fhir"><gender valUe="female"/></Patient>""")]
    [InlineData("""<Patient xmlns="http://hl7.org/fhir"><text><status valUe=""/><div xmlns="http://www.w3.org/1999/xhtml">a</div></text></Patient>""")]
    [InlineData("""<Patient xmlns="http://hl7.org/fhir"><birthDate Value="2020-01-01"/></Patient>""")]
    public void An_attribute_fhir_xml_does_not_have_is_refused_before_firely_reads_it(string body)
    {
        var rejection = Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Read(Encoding.UTF8.GetBytes(body), "application/fhir+xml"));

        Assert.Equal("invalid-fhir", rejection.Code);
        Assert.Contains("only value, url and id", rejection.Message, StringComparison.Ordinal);
    }
}
