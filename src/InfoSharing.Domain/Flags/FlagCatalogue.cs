using System.Text.Json;
using System.Text.Json.Serialization;

namespace InfoSharing.Domain.Flags;

/// <summary>How carefully a flag's content must be handled on the way out.</summary>
public enum FlagSensitivity
{
    /// <summary>Shared with entitled subscribers under their field entitlements.</summary>
    Normal,

    /// <summary>
    /// Derived from domestic abuse information: labelled restricted (FHIR security labels), never sent to a subscriber that
    /// may reach the alleged perpetrator, and written without the victim's details if it ever is.
    /// </summary>
    DomesticAbuse,
}

/// <summary>
/// One kind of flag: what it says, how urgent it is (<see cref="FlagCatalogue.Severities"/>), when it holds in one line
/// (<c>Rule</c>; the rule itself is in Flags/Rules), which subscribers receive it unless configuration lists their codes,
/// and what a practitioner should do.
/// </summary>
public sealed record FlagDefinition(
    string Code,
    string Display,
    string Severity,
    string Rule,
    IReadOnlyList<string> DefaultSubscribers,
    string RecommendedAction)
{
    public FlagSensitivity Sensitivity { get; init; }

    /// <summary>The rule's thresholds, as data (for example graceDays, windowDays, minimum, nonMobileMonths).</summary>
    public IReadOnlyDictionary<string, int> Parameters { get; init; } = new Dictionary<string, int>();

    /// <summary>A threshold of the rule; a missing one is a catalogue defect and fails loudly.</summary>
    public int Parameter(string name) =>
        Parameters.TryGetValue(name, out var value)
            ? value
            : throw new KeyNotFoundException($"Flag '{Code}' has no parameter '{name}' in the catalogue.");
}

/// <summary>The flag catalogue, kept as versioned data in Terminology/flag-catalogue.json.</summary>
public sealed class FlagCatalogue
{
    // Declared first: static initialisers run in textual order and Default needs it.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    private readonly Dictionary<string, FlagDefinition> _flags;

    private FlagCatalogue(string version, IReadOnlyList<FlagDefinition> flags)
    {
        Version = version;
        _flags = flags.ToDictionary(f => f.Code, StringComparer.Ordinal);
        Flags = flags;
    }

    /// <summary>Severities in rising order.</summary>
    public static IReadOnlyList<string> Severities { get; } = ["information", "warning", "high", "urgent"];

    public static FlagCatalogue Default { get; } = LoadEmbedded();

    public string Version { get; }

    /// <summary>Every flag, in catalogue order.</summary>
    public IReadOnlyList<FlagDefinition> Flags { get; }

    public FlagDefinition this[string code] =>
        _flags.TryGetValue(code, out var definition)
            ? definition
            : throw new KeyNotFoundException($"Flag code '{code}' is not in catalogue version {Version}.");

    public bool Contains(string code) => _flags.ContainsKey(code);

    /// <summary>Reads a catalogue from JSON (the embedded file, or another version under test).</summary>
    public static FlagCatalogue Load(Stream json)
    {
        var file = JsonSerializer.Deserialize<CatalogueFile>(json, JsonOptions)
            ?? throw new InvalidOperationException("The flag catalogue is empty.");
        var unknownSeverity = file.Flags.FirstOrDefault(f => !Severities.Contains(f.Severity));
        if (unknownSeverity is not null)
        {
            throw new InvalidOperationException($"Flag '{unknownSeverity.Code}' has unknown severity '{unknownSeverity.Severity}'.");
        }

        return new FlagCatalogue(file.Version, file.Flags);
    }

    private static FlagCatalogue LoadEmbedded()
    {
        using var stream = typeof(FlagCatalogue).Assembly
            .GetManifestResourceStream("InfoSharing.Domain.Terminology.flag-catalogue.json")
            ?? throw new InvalidOperationException("The flag catalogue resource is missing from the build.");
        return Load(stream);
    }

    private sealed record CatalogueFile(string Version, IReadOnlyList<FlagDefinition> Flags);
}
