using System.Text.RegularExpressions;

namespace InfoSharing.AgencyMessages.Tests.Support;

/// <summary>An example file and the AMQP type its folder's README gives it.</summary>
public sealed record ContractExample(string Folder, string File, string RoutingKey, string MessageType)
{
    public string RelativePath => $"contracts/examples/{Folder}/{File}";

    public override string ToString() => RelativePath;
}

internal static partial class ContractExamples
{
    public static readonly IReadOnlyDictionary<string, string> RoutingKeyByFolder = new Dictionary<string, string>
    {
        ["housing"] = "housing.household",
        ["marac"] = "marac.case",
    };

    /// <summary>The rows of each README table: | `file.json` | `type` | what InfoSharing does |.</summary>
    public static IReadOnlyList<ContractExample> FromReadmes() =>
    [
        .. RoutingKeyByFolder.SelectMany(folder =>
            Row().Matches(RepoFiles.Text($"contracts/examples/{folder.Key}/README.md"))
                .Select(m => new ContractExample(folder.Key, m.Groups["file"].Value, folder.Value, m.Groups["type"].Value))),
    ];

    public static IEnumerable<string> FilesOnDisk(string folder) =>
        Directory.GetFiles(RepoFiles.PathOf($"contracts/examples/{folder}"), "*.json").Select(Path.GetFileName).OfType<string>();

    /// <summary>Example paths for theories (strings, so that each case shows and runs on its own).</summary>
    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (var example in FromReadmes())
        {
            data.Add(example.RelativePath);
        }

        return data;
    }

    public static ContractExample Named(string relativePath) => FromReadmes().Single(e => e.RelativePath == relativePath);

    [GeneratedRegex(@"^\|\s*`(?<file>[^`]+\.json)`\s*\|\s*`(?<type>[^`]+)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
