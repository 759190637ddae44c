using System.Text;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Ingest.Limits;
using InfoSharing.Fhir.Feeds;
using InfoSharing.Tests.Shared;

namespace InfoSharing.UnitTests.Hostile;

/// <summary>
/// Each hostile body is refused with its own code before Firely builds anything. Without the limits the deep XML
/// overflows the stack and takes this test process down with it, which is how the worker died.
/// </summary>
public sealed class When_a_body_is_built_to_break_the_fhir_readers
{
    private static string Code(byte[] body, string contentType, MessageLimits? limits = null) =>
        Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Read(body, contentType, limits ?? MessageLimits.Default)).Code;

    [Fact]
    public void Xml_nested_twenty_thousand_deep_is_refused_as_nesting_too_deep()
    {
        var body = HostileBodies.DeepXml();

        Assert.InRange(body.Length, 800_000, 1_048_576);
        Assert.Equal("nesting-too-deep", Code(body, "application/fhir+xml"));
    }

    [Fact]
    public void Json_nested_a_hundred_thousand_deep_is_refused_as_nesting_too_deep() =>
        Assert.Equal("nesting-too-deep", Code(HostileBodies.DeepJson(), "application/fhir+json"));

    [Theory]
    [InlineData("application/fhir+json")]
    [InlineData("application/fhir+xml")]
    public void Nesting_at_the_limit_is_read_and_one_deeper_is_refused(string contentType)
    {
        var limits = MessageLimits.Default with { MaxDepth = 10 };
        byte[] Nested(int depth) => contentType.EndsWith("xml", StringComparison.Ordinal)
            ? HostileBodies.DeepXml(depth - 1)
            : HostileBodies.DeepJson(depth - 1);

        // At the limit the body passes the limit check and reaches Firely (which may then find it is not valid FHIR).
        var atLimit = Record.Exception(() => FhirFeedReader.Read(Nested(10), contentType, limits));
        Assert.NotEqual("nesting-too-deep", (atLimit as MessageRejectedException)?.Code);
        Assert.True(atLimit is null or MessageRejectedException, atLimit?.ToString());
        Assert.Equal("nesting-too-deep", Code(Nested(11), contentType, limits));
    }

    [Fact]
    public void A_json_object_with_more_members_than_the_element_limit_is_refused() =>
        Assert.Equal("too-many-elements", Code(HostileBodies.WideJson(100_001), "application/fhir+json"));

    [Fact]
    public void An_xml_element_with_more_attributes_than_the_element_limit_is_refused() =>
        Assert.Equal("too-many-elements", Code(HostileBodies.WideXml(5_000), "application/fhir+xml", MessageLimits.Default with { MaxElements = 4_000 }));

    [Fact]
    public void A_json_bundle_with_more_entries_than_the_limit_is_refused_before_it_is_parsed()
    {
        var rejection = Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Read(HostileBodies.BundleOf(1_001), "application/fhir+json"));

        Assert.Equal("too-many-entries", rejection.Code);
        Assert.Contains("'entry'", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_xml_bundle_with_more_entries_than_the_limit_is_refused_before_it_is_parsed() =>
        Assert.Equal("too-many-entries", Code(HostileBodies.XmlBundleOf(1_001), "application/fhir+xml"));

    [Fact]
    public void Entity_expansion_is_refused_as_invalid_xml_naming_the_doctype()
    {
        var rejection = Assert.Throws<MessageRejectedException>(() => FhirFeedReader.Read(HostileBodies.EntityExpansionXml(), "application/fhir+xml"));

        Assert.Equal("invalid-xml", rejection.Code);
        Assert.Contains("DOCTYPE", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_external_entity_is_refused_and_never_read() =>
        Assert.Equal("invalid-xml", Code(HostileBodies.ExternalEntityXml(), "application/fhir+xml"));

    [Theory]
    [InlineData("application/fhir+json")]
    [InlineData("application/fhir+xml")]
    public void Bytes_that_are_not_utf8_are_refused_as_invalid_encoding(string contentType)
    {
        var text = contentType.EndsWith("xml", StringComparison.Ordinal)
            ? "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"p1\"/><name><family value=\"Sm\u00e9th\"/></name></Patient>"
            : "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Sm\u00e9th\"}]}";

        // Latin-1, as a misconfigured sender would: é is the lone byte 0xE9.
        var latin1 = Encoding.Latin1.GetBytes(text);

        Assert.Equal("invalid-encoding", Code(latin1, contentType));
    }

    [Fact]
    public void Xml_claiming_another_encoding_is_still_read_as_utf8()
    {
        var body = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Patient xmlns=\"http://hl7.org/fhir\"><id value=\"p1\"/><name><family value=\"Zo\u00eb\"/></name></Patient>");

        var patient = Assert.IsType<Hl7.Fhir.Model.Patient>(FhirFeedReader.Read(body, "application/fhir+xml"));

        Assert.Equal("Zo\u00eb", patient.Name[0].Family);
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"A\\u0000B\"}]}")]
    [InlineData("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"A\\ud800B\"}]}")]
    [InlineData("{\"resourceType\":\"Patient\",\"na\\u0000me\":[]}")]
    public void Escapes_that_are_not_text_are_refused_as_invalid_encoding(string json) =>
        Assert.Equal("invalid-encoding", Code(Encoding.UTF8.GetBytes(json), "application/fhir+json"));

    [Fact]
    public void Xml_with_a_utf8_byte_order_mark_is_read() =>
        Assert.IsType<Hl7.Fhir.Model.Patient>(FhirFeedReader.Read(
            (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"p1\"/></Patient>")], "application/fhir+xml"));
}
