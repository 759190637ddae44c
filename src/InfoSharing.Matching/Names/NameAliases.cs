using System.Collections.Frozen;
using System.Reflection;

namespace InfoSharing.Matching.Names;

/// <summary>
/// Given-name nicknames and alternative spellings from the embedded table <c>given-name-aliases.csv</c>
/// (its header says where it comes from). Two names are aliases when some line holds both.
/// </summary>
public sealed class NameAliases
{
    private readonly FrozenDictionary<string, int[]> _groupsByName;

    private NameAliases(FrozenDictionary<string, int[]> groupsByName, int groupCount)
    {
        _groupsByName = groupsByName;
        GroupCount = groupCount;
    }

    /// <summary>The table shipped with the library.</summary>
    public static NameAliases Default { get; } = Load();

    public int GroupCount { get; }

    /// <summary>Reads a table in the embedded format: one comma-separated group per line, '#' starts a comment.</summary>
    public static NameAliases Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var group = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            foreach (var raw in line.Split(','))
            {
                var name = TextNormaliser.Name(raw);
                if (name is null)
                {
                    continue;
                }

                if (!groups.TryGetValue(name, out var list))
                {
                    groups[name] = list = [];
                }

                if (!list.Contains(group))
                {
                    list.Add(group);
                }
            }

            group++;
        }

        return new NameAliases(groups.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal), group);
    }

    /// <summary>The groups a normalised name belongs to (empty when it is in none).</summary>
    public int[] GroupsOf(string? normalisedName) =>
        normalisedName is not null && _groupsByName.TryGetValue(normalisedName, out var groups) ? groups : [];

    /// <summary>True when both names are on one line of the table (a name is not its own alias here).</summary>
    public bool AreAliases(string? left, string? right) => Intersect(GroupsOf(left), GroupsOf(right));

    internal static bool Intersect(int[] left, int[] right)
    {
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                if (a == b)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static NameAliases Load()
    {
        const string resource = "InfoSharing.Matching.Names.given-name-aliases.csv";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
