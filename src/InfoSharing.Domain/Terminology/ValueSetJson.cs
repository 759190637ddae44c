using System.Globalization;
using System.Text.Json;

namespace InfoSharing.Domain.Terminology;

/// <summary>A ValueSet file that cannot be used: the message says what is wrong and where (never which person: there is none).</summary>
public sealed class ValueSetFormatException(string message) : Exception(message);

/// <summary>
/// Reads a FHIR R4 ValueSet with an expansion, the shape a terminology server returns for <c>ValueSet/$expand</c>
/// (for example the NHS England Terminology Server with an ECL filter), and the project's own built value sets.
/// Only the expansion is read: a ValueSet without one, or with one that is a page of a longer expansion, is refused,
/// because InfoSharing never expands a definition itself.
/// </summary>
public static class ValueSetJson
{
    /// <summary>Larger files are refused (a whole-hierarchy SNOMED CT expansion is a few megabytes).</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>More codes than this in one value set is a mistake (an expansion of the whole of a code system).</summary>
    public const int MaxCodes = 250_000;

    private const int MaxCodeLength = 64;
    private const int MaxSystemLength = 256;
    private const int MaxDisplayLength = 512;
    private const int MaxDepth = 16;

    public static IndicatorValueSet Read(ReadOnlySpan<byte> json, string kind, string version, string origin)
    {
        if (json.Length > MaxBytes)
        {
            throw new ValueSetFormatException($"The file is {json.Length} bytes; the limit is {MaxBytes}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new ValueSetFormatException($"Not well-formed JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "resourceType") != "ValueSet")
            {
                throw new ValueSetFormatException("The file is not a FHIR ValueSet (resourceType must be \"ValueSet\").");
            }

            if (!root.TryGetProperty("expansion", out var expansion) || expansion.ValueKind != JsonValueKind.Object)
            {
                throw new ValueSetFormatException(
                    "The ValueSet has no expansion. Ask the terminology server for ValueSet/$expand (for example with url=http://snomed.info/sct?fhir_vs=ecl/...) and import its answer.");
            }

            if (expansion.TryGetProperty("offset", out var offset) && offset.TryGetInt32(out var skipped) && skipped > 0)
            {
                throw new ValueSetFormatException($"The expansion is a page starting at offset {skipped}; import the whole expansion (ask for offset=0 and count at least its total).");
            }

            var codes = new List<ValueSetCode>();
            var seen = new HashSet<(string, string)>();
            if (expansion.TryGetProperty("contains", out var contains))
            {
                Collect(contains, "ValueSet.expansion.contains", 0, codes, seen);
            }

            if (expansion.TryGetProperty("total", out var total) && total.TryGetInt32(out var expected) && expected > seen.Count)
            {
                throw new ValueSetFormatException(
                    $"The expansion is incomplete: it holds {seen.Count} of {expected} codes (the server paged it). Ask for count={expected} or more and import that.");
            }

            return new IndicatorValueSet
            {
                Kind = kind,
                Version = version,
                Origin = origin,
                Url = Text(root, "url"),
                SourceVersion = Text(root, "version"),
                Title = Text(root, "title") ?? Text(root, "name"),
                Description = Text(root, "description"),
                ExpansionTimestamp = DateTimeOffset.TryParse(Text(expansion, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
                Codes = codes,
            };
        }
    }

    private static void Collect(JsonElement contains, string path, int depth, List<ValueSetCode> codes, HashSet<(string, string)> seen)
    {
        if (contains.ValueKind != JsonValueKind.Array)
        {
            throw new ValueSetFormatException($"{path} must be an array.");
        }

        if (depth > MaxDepth)
        {
            throw new ValueSetFormatException($"{path} is nested more than {MaxDepth} levels deep.");
        }

        var index = 0;
        foreach (var item in contains.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ValueSetFormatException($"{at} must be an object.");
            }

            var code = Text(item, "code");
            var system = Text(item, "system");
            if (code is not null)
            {
                Check(system, code, at);
                if (seen.Add((system!, code)))
                {
                    if (seen.Count > MaxCodes)
                    {
                        throw new ValueSetFormatException($"The expansion holds more than {MaxCodes} codes; a value set for one indicator kind is never that large.");
                    }

                    var display = Text(item, "display");
                    codes.Add(new ValueSetCode(system!, code, display is { Length: > MaxDisplayLength } ? display[..MaxDisplayLength] : display));
                }
            }

            // A hierarchical expansion nests codes under others (or under a heading with no code of its own).
            if (item.TryGetProperty("contains", out var nested))
            {
                Collect(nested, at + ".contains", depth + 1, codes, seen);
            }
        }
    }

    private static void Check(string? system, string code, string at)
    {
        if (string.IsNullOrWhiteSpace(system) || system.Length > MaxSystemLength || !Uri.TryCreate(system, UriKind.Absolute, out _))
        {
            throw new ValueSetFormatException($"{at}.system must be an absolute URI of at most {MaxSystemLength} characters.");
        }

        if (code.Length is 0 or > MaxCodeLength || code.Any(char.IsWhiteSpace))
        {
            throw new ValueSetFormatException($"{at}.code must be 1 to {MaxCodeLength} characters without spaces.");
        }

        if (system == Contracts.FhirUrls.SnomedCt && !SnomedIdentifier.IsValid(code))
        {
            throw new ValueSetFormatException($"{at}.code '{code}' is not a SNOMED CT identifier (6 to 18 digits with a valid check digit).");
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
