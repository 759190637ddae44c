using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;

namespace InfoSharing.Fhir.Reading;

/// <summary>FHIR XML: well-formed XML first (invalid-xml with line and position), then strict FHIR (invalid-fhir).</summary>
public static partial class FhirReader
{
    private const string FhirNamespace = "http://hl7.org/fhir";

    private static readonly FhirXmlDeserializer XmlDeserializer = new(new DeserializerSettings());

    public static Resource ReadXml(ReadOnlyMemory<byte> body)
    {
        EnsureWellFormedFhirXml(body);

        using var reader = XmlReader.Create(new MemoryStream(body.ToArray(), writable: false), SafeXmlSettings());
        Resource? resource;
        IEnumerable<Hl7.Fhir.Utility.CodedException>? issues;
        try
        {
            XmlDeserializer.TryDeserializeResource(reader, out resource, out issues);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or InvalidOperationException or FormatException)
        {
            // Firely 6.8 throws instead of reporting for some invalid input (for example an extension with two value[x]
            // elements). The exception's message quotes the value, so only its type is given.
            throw new MessageRejectedException(
                RejectionCodes.InvalidFhir,
                $"The body is not a valid FHIR R4 resource: the deserializer failed ({ex.GetType().Name}), for example on an element given twice.");
        }

        if (issues?.Any() != true && resource is not null)
        {
            return resource;
        }

        throw new MessageRejectedException(RejectionCodes.InvalidFhir, Describe(issues));
    }

    // No DTDs and no external resolution: a DOCTYPE (entity expansion, external entities) is refused as invalid XML.
    private static XmlReaderSettings SafeXmlSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = 64L * 1024 * 1024,
    };

    private static void EnsureWellFormedFhirXml(ReadOnlyMemory<byte> body)
    {
        string? rootNamespace = null;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body.ToArray(), writable: false), SafeXmlSettings());
            while (reader.Read())
            {
                if (rootNamespace is null && reader.NodeType == XmlNodeType.Element)
                {
                    rootNamespace = reader.NamespaceURI;
                }
            }
        }
        catch (XmlException ex)
        {
            throw new MessageRejectedException(
                RejectionCodes.InvalidXml,
                $"The body is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}).");
        }

        if (rootNamespace is null)
        {
            throw new MessageRejectedException(RejectionCodes.InvalidXml, "The body holds no XML element.");
        }

        if (rootNamespace != FhirNamespace)
        {
            throw new MessageRejectedException(
                RejectionCodes.InvalidFhir,
                $"The XML root element is not in the FHIR namespace ({FhirNamespace}), so it is not a FHIR resource.");
        }
    }
}
