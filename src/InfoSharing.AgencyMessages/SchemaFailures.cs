using System.Text.RegularExpressions;
using Json.Schema;

namespace InfoSharing.AgencyMessages;

/// <summary>
/// Turns schema evaluation output into reasons an agency can act on: the JSON Pointer of the failing location
/// and the rule it breaks. The library's own messages quote the offending value for some keywords (const,
/// minimum, pattern...), so the wording here is our own and only ever names the schema's side.
/// </summary>
internal static partial class SchemaFailures
{
    // Keywords that only say that a branch failed; the branch's own failure is the useful one.
    private static readonly HashSet<string> Structural = new(StringComparer.Ordinal)
    {
        "$ref", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "items", "prefixItems", "properties",
        "patternProperties", "dependentSchemas", "unevaluatedItems", "contains",
    };

    /// <summary>One entry per failing location, in document order of evaluation: "pointer: rule (keyword)".</summary>
    public static IEnumerable<string> Describe(EvaluationResults results)
    {
        var nodes = results.Details is { Count: > 0 } details ? details : [results];
        var rulesByLocation = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            // An "if" that does not hold is not an error: it only decides whether "then" applies.
            if (node.IsValid || node.Errors is null || UnderCondition(node))
            {
                continue;
            }

            var pointer = node.InstanceLocation.ToString();
            pointer = pointer.Length == 0 ? "/" : pointer;
            foreach (var (keyword, libraryMessage) in node.Errors.Where(e => !Structural.Contains(e.Key)))
            {
                if (!rulesByLocation.TryGetValue(pointer, out var rules))
                {
                    rulesByLocation[pointer] = rules = [];
                }

                var rule = Rule(keyword, libraryMessage, node);
                if (!rules.Contains(rule))
                {
                    rules.Add(rule);
                }
            }
        }

        return rulesByLocation.Select(location => $"{location.Key}: {string.Join(" and ", location.Value)}");
    }

    private static bool UnderCondition(EvaluationResults node) =>
        node.EvaluationPath.ToString().Split('/').Contains("if", StringComparer.Ordinal);

    private static string Rule(string keyword, string libraryMessage, EvaluationResults node) => keyword switch
    {
        // These two messages name only the schema's side (property names, JSON types).
        "required" => $"{libraryMessage} (required)",
        "type" => $"{libraryMessage} (type)",
        "enum" => "not one of the values the schema allows (enum)",
        "const" => "not the value the schema requires (const)",
        "format" => $"not a valid {FormatName(libraryMessage)} (format)",
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

    /// <summary>The format's name from the library's message ("... format date"), which otherwise could carry detail.</summary>
    private static string FormatName(string libraryMessage)
    {
        var match = FormatInMessage().Match(libraryMessage);
        return match.Success ? match.Groups["format"].Value : "value for the format the schema names";
    }

    [GeneratedRegex("format [\"']?(?<format>[a-z][a-z-]{1,30})[\"']?", RegexOptions.CultureInvariant)]
    private static partial Regex FormatInMessage();
}
