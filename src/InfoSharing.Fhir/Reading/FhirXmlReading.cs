using System.Text;
using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Ingest.Limits;

namespace InfoSharing.Fhir.Reading;

/// <summary>
/// FHIR XML: UTF-8, well-formed, no DTD, and within <see cref="MessageLimits"/> (one pass that builds nothing), then
/// strict FHIR (invalid-fhir). The Firely XML deserializer recurses once per element, so the depth limit is what
/// stands between a deeply nested body and the worker's stack.
/// </summary>
public static partial class FhirReader
{
    private const string FhirNamespace = "http://hl7.org/fhir";

    private static readonly FhirXmlDeserializer XmlDeserializer = new(new DeserializerSettings());

    public static Resource ReadXml(ReadOnlyMemory<byte> body) => ReadXml(body, MessageLimits.Default);

    public static Resource ReadXml(ReadOnlyMemory<byte> body, MessageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var text = WithoutByteOrderMark(body);
        Utf8Body.Require(text.Span);
        EnsureWellFormedFhirXml(text, limits);

        using var reader = SafeXmlReader(text);
        Resource? resource;
        IEnumerable<Hl7.Fhir.Utility.CodedException>? issues;
        try
        {
            XmlDeserializer.TryDeserializeResource(reader, out resource, out issues);
        }
        catch (Exception ex) when (IsDeserializerFailure(ex))
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
    // The text is decoded as strict UTF-8 by us, so an encoding="..." in the XML declaration cannot switch decoders.
    private static XmlReader SafeXmlReader(ReadOnlyMemory<byte> utf8)
    {
        var decoder = new StreamReader(
            new MemoryStream(utf8.ToArray(), writable: false),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: false);
        return XmlReader.Create(decoder, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = utf8.Length + 1L,
            CloseInput = true,
        });
    }

    private static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> body) =>
        body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body[3..] : body;

    private static void EnsureWellFormedFhirXml(ReadOnlyMemory<byte> body, MessageLimits limits)
    {
        string? rootNamespace = null;
        var runNames = new string?[limits.MaxDepth + 1];
        var runLengths = new int[limits.MaxDepth + 1];
        var nodes = 0;
        try
        {
            using var reader = SafeXmlReader(body);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                rootNamespace ??= reader.NamespaceURI;
                var level = reader.Depth;
                if (level + 1 > limits.MaxDepth)
                {
                    throw new MessageRejectedException(
                        RejectionCodes.NestingTooDeep,
                        $"The XML nests elements deeper than {limits.MaxDepth} levels (Messaging:MaxDepth); no FHIR message needs that many.");
                }

                nodes += 1 + reader.AttributeCount;
                if (nodes > limits.MaxElements)
                {
                    throw new MessageRejectedException(
                        RejectionCodes.TooManyElements,
                        $"The XML holds more than {limits.MaxElements} elements and attributes (Messaging:MaxElements); split it into several messages.");
                }

                if (reader.NamespaceURI == FhirNamespace && reader.HasAttributes)
                {
                    RequireFhirAttributes(reader);
                }

                // FHIR XML repeats an element as consecutive siblings (Bundle.entry, name, identifier...): count each run.
                if (string.Equals(runNames[level], reader.LocalName, StringComparison.Ordinal))
                {
                    if (++runLengths[level] > limits.MaxEntries)
                    {
                        throw new MessageRejectedException(
                            RejectionCodes.TooManyEntries,
                            $"The element '{Printable(reader.LocalName)}' is repeated more than {limits.MaxEntries} times in a row (Messaging:MaxEntries); split the message.");
                    }
                }
                else
                {
                    runNames[level] = reader.LocalName;
                    runLengths[level] = 1;
                }

                if (level + 1 < runNames.Length)
                {
                    runNames[level + 1] = null;
                    runLengths[level + 1] = 0;
                }
            }
        }
        catch (XmlException ex) when (IsDtd(ex, body.Span))
        {
            throw new MessageRejectedException(
                RejectionCodes.InvalidXml,
                $"The body has a DOCTYPE (line {ex.LineNumber}): DTDs and entity declarations are refused, and FHIR XML has none.");
        }
        catch (XmlException ex)
        {
            throw new MessageRejectedException(
                RejectionCodes.InvalidXml,
                $"The body is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}).");
        }
        catch (DecoderFallbackException)
        {
            throw new MessageRejectedException(RejectionCodes.InvalidEncoding, "The body is not valid UTF-8.");
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

    // A FHIR element carries only value (primitives), url (extensions) and id; namespaced attributes (xsi:...) are let
    // through. Firely 6.8 matches attribute names loosely and then throws (NullReferenceException, NotSupportedException)
    // on one such as valUe, found by the fuzzer: refused here, before it reads the body.
    private static void RequireFhirAttributes(XmlReader reader)
    {
        while (reader.MoveToNextAttribute())
        {
            if (reader.NamespaceURI.Length == 0 && reader.LocalName is not ("value" or "url" or "id"))
            {
                var attribute = Printable(reader.LocalName);
                throw new MessageRejectedException(
                    RejectionCodes.InvalidFhir,
                    $"An element has an attribute '{attribute}' that FHIR XML does not have (line {(reader as IXmlLineInfo)?.LineNumber}); FHIR elements carry only value, url and id.");
            }
        }

        reader.MoveToElement();
    }

    private static bool IsDtd(XmlException ex, ReadOnlySpan<byte> body) =>
        body.IndexOf("<!DOCTYPE"u8) >= 0 && ex.Message.Contains("DTD", StringComparison.Ordinal);

    private static string Printable(string name) =>
        name.Length <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? name : "(unnamed)";
}
