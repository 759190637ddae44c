using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Ingest.Limits;

namespace InfoSharing.Fhir.Reading;

/// <summary>
/// Turns the bytes an agency sent into a FHIR R4 resource, or rejects them with a specific reason:
/// not JSON at all, or JSON that is not valid FHIR (Firely's coded errors with their element paths).
/// </summary>
public static partial class FhirReader
{
    private const int MaxReportedErrors = 5;

    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings());

    public static Resource ReadJson(ReadOnlyMemory<byte> body) => ReadJson(body, MessageLimits.Default);

    /// <summary>Reads FHIR JSON, refusing first what breaks <paramref name="limits"/> (before Firely builds anything).</summary>
    public static Resource ReadJson(ReadOnlyMemory<byte> body, MessageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        EnsureWellFormedJsonObject(body.Span, limits);

        var reader = new Utf8JsonReader(body.Span, JsonBodyLimits.ReaderOptions(limits));
        try
        {
            if (Deserializer.TryDeserializeResource(reader, out var resource, out var issues) && resource is not null)
            {
                return resource;
            }

            throw new MessageRejectedException(RejectionCodes.InvalidFhir, Describe(issues));
        }
        catch (Exception ex) when (IsDeserializerFailure(ex))
        {
            // As for XML: Firely throws on some input instead of reporting; its message may quote a value.
            throw new MessageRejectedException(
                RejectionCodes.InvalidFhir,
                $"The body is not a valid FHIR R4 resource: the deserializer failed ({ex.GetType().Name}).");
        }
    }

    /// <summary>
    /// What Firely 6.8 throws, instead of reporting an issue, on input that is not valid FHIR: an extension with two
    /// value[x] elements (ArgumentException and kin), and what the fuzzer found (bench/InfoSharing.Fuzz, tests in
    /// Hostile/When_the_fuzzer_finds_a_body_that_firely_throws_on): a resourceType, at any level, that is an array or an
    /// object (JsonException from its look-ahead), a JSON property with an empty name (IndexOutOfRangeException), and
    /// an XML primitive given a child element or an attribute it does not have, such as vaLue (NotSupportedException).
    /// Each is the body's fault, so each is invalid-fhir; anything else still escapes as a fault of ours.
    /// </summary>
    private static bool IsDeserializerFailure(Exception ex) =>
        ex is ArgumentException or InvalidCastException or InvalidOperationException or FormatException or OverflowException
            or JsonException or IndexOutOfRangeException or NotSupportedException;

    private static void EnsureWellFormedJsonObject(ReadOnlySpan<byte> body, MessageLimits limits)
    {
        try
        {
            JsonBodyLimits.Check(body, limits);
            var reader = new Utf8JsonReader(body, JsonBodyLimits.ReaderOptions(limits));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new MessageRejectedException(
                    RejectionCodes.InvalidFhir,
                    "The body is JSON but not an object; a FHIR resource is a JSON object with a 'resourceType'.");
            }

            var hasResourceType = false;
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("resourceType"))
                {
                    hasResourceType = true;
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        throw new MessageRejectedException(
                            RejectionCodes.InvalidFhir,
                            "The 'resourceType' property is not a string; it names the type of the resource, for example \"Bundle\".");
                    }

                    continue;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
                {
                    reader.Skip();
                }
            }

            if (!hasResourceType)
            {
                throw new MessageRejectedException(
                    RejectionCodes.InvalidFhir,
                    "The JSON object has no 'resourceType' property, so it is not a FHIR resource.");
            }
        }
        catch (JsonException ex)
        {
            throw new MessageRejectedException(
                RejectionCodes.InvalidJson,
                $"The body is not well-formed JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }
    }

    private static string Describe(IEnumerable<CodedException>? issues)
    {
        var list = issues?.ToList() ?? [];
        if (list.Count == 0)
        {
            return "The body is not a valid FHIR R4 resource.";
        }

        var described = list.Take(MaxReportedErrors).Select(Describe);
        var more = list.Count > MaxReportedErrors ? $" (and {list.Count - MaxReportedErrors} more)" : string.Empty;
        return "The body is not a valid FHIR R4 resource: " + string.Join("; ", described) + more;
    }

    // Firely quotes the offending value ('...') and writes numbers bare; either may be a name or an NHS number.
    // Withhold from the first quote to the last (a value may hold an apostrophe) and any run of digits; keep the rule.
    private static string Describe(CodedException issue) => issue is ExtendedCodedException extended
        ? $"{issue.ErrorCode} at {extended.InstancePath ?? "(root)"}: {WithholdValues(extended.BaseErrorMessage)}"
        : $"{issue.ErrorCode}: {WithholdValues(issue.Message)}";

    private static string WithholdValues(string message) =>
        BareNumber().Replace(QuotedValue().Replace(message, "(value withheld)"), "(value withheld)");

    [System.Text.RegularExpressions.GeneratedRegex("'.*'")]
    private static partial System.Text.RegularExpressions.Regex QuotedValue();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![A-Za-z\[])[-+]?\d[\d.,]*")]
    private static partial System.Text.RegularExpressions.Regex BareNumber();
}
