using System.Text.Json;

namespace InfoSharing.Domain.Flags;

/// <summary>One kind of flag: what it says, how urgent it is and what a practitioner should do.</summary>
public sealed record FlagDefinition(
    string Code,
    string Display,
    string Severity,
    string Rule,
    IReadOnlyList<string> DefaultSubscribers,
    string RecommendedAction);

/// <summary>The flag catalogue, kept as versioned data in Terminology/flag-catalogue.json.</summary>
public sealed class FlagCatalogue
{
    // Declared first: static initialisers run in textual order and Default needs it.
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private readonly Dictionary<string, FlagDefinition> _flags;

    private FlagCatalogue(string version, IEnumerable<FlagDefinition> flags)
    {
        Version = version;
        _flags = flags.ToDictionary(f => f.Code, StringComparer.Ordinal);
    }

    public string Version { get; }

    public static FlagCatalogue Default { get; } = LoadEmbedded();

    public FlagDefinition this[string code] =>
        _flags.TryGetValue(code, out var definition)
            ? definition
            : throw new KeyNotFoundException($"Flag code '{code}' is not in catalogue version {Version}.");

    private static FlagCatalogue LoadEmbedded()
    {
        using var stream = typeof(FlagCatalogue).Assembly
            .GetManifestResourceStream("InfoSharing.Domain.Terminology.flag-catalogue.json")
            ?? throw new InvalidOperationException("The flag catalogue resource is missing from the build.");
        var file = JsonSerializer.Deserialize<CatalogueFile>(stream, JsonOptions)
            ?? throw new InvalidOperationException("The flag catalogue resource is empty.");
        return new FlagCatalogue(file.Version, file.Flags);
    }

    private sealed record CatalogueFile(string Version, IReadOnlyList<FlagDefinition> Flags);
}
