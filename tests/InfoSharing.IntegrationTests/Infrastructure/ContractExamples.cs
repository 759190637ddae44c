using System.Text.RegularExpressions;

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>One file of contracts/examples/ with how an agency would publish it.</summary>
public sealed record ContractExample(string File, string RoutingKey, string ContentType, string? MessageType)
{
    public override string ToString() => File;
}

/// <summary>Every example in contracts/examples/, with its routing key, content type and (agency JSON) AMQP type from its README.</summary>
public static partial class ContractExamples
{
    private static readonly Dictionary<string, string> RoutingKeys = new(StringComparer.Ordinal)
    {
        ["midwifery"] = "midwifery.fhir",
        ["health-visiting"] = "health-visiting.fhir",
        ["gp"] = "gp.fhir",
        ["housing"] = "housing.household",
        ["marac"] = "marac.case",
    };

    public static IReadOnlyList<ContractExample> All()
    {
        var root = Examples.Path("contracts/examples");
        var examples = new List<ContractExample>();
        foreach (var (folder, routingKey) in RoutingKeys)
        {
            var dir = Path.Combine(root, folder);
            var types = ReadmeTypes(Path.Combine(dir, "README.md"));
            foreach (var file in Directory.GetFiles(dir).Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".xml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                var isFhir = routingKey.EndsWith(".fhir", StringComparison.Ordinal);
                var contentType = !isFhir ? "application/json" : name.EndsWith(".xml", StringComparison.Ordinal) ? "application/fhir+xml" : "application/fhir+json";
                var messageType = isFhir ? null : types.GetValueOrDefault(name)
                    ?? throw new InvalidOperationException($"contracts/examples/{folder}/README.md does not give the AMQP type of {name}.");
                examples.Add(new ContractExample($"{folder}/{name}", routingKey, contentType, messageType));
            }
        }

        return examples;
    }

    public static byte[] Body(ContractExample example) =>
        File.ReadAllBytes(Examples.Path("contracts/examples/" + (example ?? throw new ArgumentNullException(nameof(example))).File));

    private static Dictionary<string, string> ReadmeTypes(string readme) =>
        File.Exists(readme)
            ? TypeRow().Matches(File.ReadAllText(readme)).ToDictionary(m => m.Groups["file"].Value, m => m.Groups["type"].Value, StringComparer.Ordinal)
            : [];

    [GeneratedRegex(@"^\|\s*`(?<file>[^`]+)`\s*\|\s*`(?<type>[a-z]+\.[a-z.-]+\.v\d+)`", RegexOptions.Multiline)]
    private static partial Regex TypeRow();
}
