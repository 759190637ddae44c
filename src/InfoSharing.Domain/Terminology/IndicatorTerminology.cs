using System.Text.Json;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Terminology;

/// <summary>A code that gives a risk indicator, with its kind (<see cref="Ingest.IndicatorKinds"/>) and where it came from.</summary>
public sealed record IndicatorCode(string System, string Code, string Display, string Kind, string Source);

/// <summary>
/// The mapping from agency codes (SNOMED CT, InfoSharing's own) to risk indicator kinds, kept as data
/// (Terminology/indicator-codes.json) so that a new code is a reviewed data change, not a code change.
/// </summary>
public sealed class IndicatorTerminology
{
    // Declared first: static initialisers run in textual order and Default needs it.
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private readonly Dictionary<RelationshipCode, IndicatorCode> _codes;

    private IndicatorTerminology(string version, IEnumerable<IndicatorCode> codes)
    {
        Version = version;
        _codes = codes.ToDictionary(c => new RelationshipCode(c.System, c.Code));
    }

    public string Version { get; }

    public static IndicatorTerminology Default { get; } = LoadEmbedded();

    public IReadOnlyCollection<IndicatorCode> Codes => _codes.Values;

    /// <summary>The indicator a code gives, or null when the code is not one InfoSharing acts on.</summary>
    public IndicatorCode? Find(RelationshipCode code) => _codes.GetValueOrDefault(code);

    private static IndicatorTerminology LoadEmbedded()
    {
        using var stream = typeof(IndicatorTerminology).Assembly
            .GetManifestResourceStream("InfoSharing.Domain.Terminology.indicator-codes.json")
            ?? throw new InvalidOperationException("The indicator terminology resource is missing from the build.");
        var file = JsonSerializer.Deserialize<TerminologyFile>(stream, JsonOptions)
            ?? throw new InvalidOperationException("The indicator terminology resource is empty.");
        return new IndicatorTerminology(file.Version, file.Codes);
    }

    private sealed record TerminologyFile(string Version, IReadOnlyList<IndicatorCode> Codes);
}
