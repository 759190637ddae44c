using Json.Schema;

namespace InfoSharing.AgencyMessages;

/// <summary>
/// Turns schema evaluation output into reasons an agency can act on: the JSON Pointer of the failing location
/// and the rule it breaks. The library's own messages quote the offending value for some keywords (const,
/// minimum, pattern...), so the wording here is our own and only ever names the schema's side.
/// </summary>
internal static class SchemaFailures
{
    // Keywords that only say that a branch failed; the branch's own failure is the useful one.
    private static readonly HashSet<string> Structural = new(StringComparer.Ordinal)
    {
        "$ref", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "items", "prefixItems", "properties",
        "patternProperties", "dependentSchemas", "unevaluatedItems", "contains",
    };

    public static IEnumerable<string> Describe(EvaluationResults results)
    {
        var nodes = results.Details is { Count: > 0 } details ? details : [results];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.IsValid || node.Errors is null)
            {
                continue;
            }

            foreach (var (keyword, libraryMessage) in node.Errors)
            {
                if (Structural.Contains(keyword))
                {
                    continue;
                }

                var pointer = node.InstanceLocation.ToString();
                var text = $"{(pointer.Length == 0 ? "/" : pointer)}: {Rule(keyword, libraryMessage, node)}";
                if (seen.Add(text))
                {
                    yield return text;
                }
            }
        }
    }

    private static string Rule(string keyword, string libraryMessage, EvaluationResults node) => keyword switch
    {
        // These two messages name only the schema's side (property names, JSON types).
        "required" => $"{libraryMessage} (required)",
        "type" => $"{libraryMessage} (type)",
        "enum" => "not one of the values the schema allows (enum)",
        "const" => "not the value the schema requires (const)",
        "format" => $"not a valid {FormatName(node)} (format)",
        "pattern" => "does not match the pattern the schema requires (pattern)",
        "minLength" or "maxLength" => $"length outside the schema's limits ({keyword})",
        "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" or "multipleOf" => $"number outside the schema's limits ({keyword})",
        "minItems" or "maxItems" => $"number of items outside the schema's limits ({keyword})",
        "uniqueItems" => "items repeat (uniqueItems)",
        "additionalProperties" or "unevaluatedProperties" => $"property not allowed here ({keyword})",
        "" or "false" => FalseSchemaRule(node),
        _ => $"breaks the schema rule '{keyword}'",
    };

    // additionalProperties:false and "caresFor": false report as a false subschema at the property itself.
    private static string FalseSchemaRule(EvaluationResults node)
    {
        var path = node.EvaluationPath.ToString();
        return path.Contains("/additionalProperties", StringComparison.Ordinal)
            ? "property not allowed here (additionalProperties)"
            : "property not allowed here for this role or kind (false schema)";
    }

    private static string FormatName(EvaluationResults node)
    {
        var location = node.SchemaLocation?.ToString() ?? string.Empty;
        return location.Length == 0 ? "value for its format" : "value for the format the schema names";
    }
}
