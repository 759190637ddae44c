using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Terminology;

/// <summary>A coding that gave an indicator kind, with the display its value set gives.</summary>
public readonly record struct KindMatch(string Kind, RelationshipCode Coding, string? Display);

/// <summary>
/// The value sets in force, one per indicator kind, and the lookup from agency codings to kinds. Immutable: a new
/// version of one kind (<see cref="With"/>) gives a new terminology. A coding is recognised by system and code wherever
/// it stands among the codings; one coding may give several kinds (a skull fracture is a fracture and a head injury).
/// InfoSharing's own indicator codes (<see cref="FhirUrls.IndicatorCodeSystem"/>, code = kind) always give their kind,
/// whatever the value sets in force: they are part of the wire contract.
/// </summary>
public sealed class IndicatorTerminology
{
    private const string ResourcePrefix = "InfoSharing.Domain.Terminology.valuesets.indicator-";

    private readonly Dictionary<RelationshipCode, List<(string Kind, string? Display)>> _index = [];

    private IndicatorTerminology(IReadOnlyDictionary<string, IndicatorValueSet> valueSets)
    {
        ValueSets = valueSets;
        foreach (var valueSet in valueSets.Values)
        {
            foreach (var code in valueSet.Codes)
            {
                var key = new RelationshipCode(code.System, code.Code);
                if (!_index.TryGetValue(key, out var kinds))
                {
                    _index[key] = kinds = [];
                }

                kinds.Add((valueSet.Kind, code.Display));
            }
        }
    }

    /// <summary>The value sets built into this release (Terminology/valuesets/), one per kind in <see cref="IndicatorKinds.All"/>.</summary>
    public static IndicatorTerminology BuiltIn { get; } = LoadEmbedded();

    /// <summary>The value set in force for each kind.</summary>
    public IReadOnlyDictionary<string, IndicatorValueSet> ValueSets { get; }

    /// <summary>The same terminology with <paramref name="valueSet"/> in force for its kind.</summary>
    public IndicatorTerminology With(IndicatorValueSet valueSet)
    {
        ArgumentNullException.ThrowIfNull(valueSet);
        if (!IndicatorKinds.IsKnown(valueSet.Kind))
        {
            throw new ArgumentException($"'{valueSet.Kind}' is not an indicator kind.", nameof(valueSet));
        }

        var sets = ValueSets.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        sets[valueSet.Kind] = valueSet;
        return new IndicatorTerminology(sets);
    }

    /// <summary>Every kind the codings give, each with the first coding that gave it; empty when none maps.</summary>
    public IReadOnlyList<KindMatch> Match(IEnumerable<RelationshipCode> codings)
    {
        ArgumentNullException.ThrowIfNull(codings);
        var matches = new List<KindMatch>();
        foreach (var coding in codings)
        {
            if (coding.System == FhirUrls.IndicatorCodeSystem && IndicatorKinds.IsKnown(coding.Code))
            {
                Add(matches, new KindMatch(coding.Code, coding, null));
            }

            if (_index.TryGetValue(coding, out var kinds))
            {
                foreach (var (kind, display) in kinds)
                {
                    Add(matches, new KindMatch(kind, coding, display));
                }
            }
        }

        return matches;
    }

    /// <summary>The kinds the codings give, in the order first found.</summary>
    public IReadOnlyList<string> KindsOf(IEnumerable<RelationshipCode> codings) => Match(codings).Select(m => m.Kind).ToList();

    private static void Add(List<KindMatch> matches, KindMatch match)
    {
        if (!matches.Exists(m => m.Kind == match.Kind))
        {
            matches.Add(match);
        }
    }

    private static IndicatorTerminology LoadEmbedded()
    {
        var assembly = typeof(IndicatorTerminology).Assembly;
        var sets = new Dictionary<string, IndicatorValueSet>(StringComparer.Ordinal);
        foreach (var kind in IndicatorKinds.All)
        {
            using var stream = assembly.GetManifestResourceStream($"{ResourcePrefix}{kind}.json")
                ?? throw new InvalidOperationException($"The value set for indicator kind '{kind}' is missing from the build.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var probe = ValueSetJson.Read(buffer.ToArray(), kind, "unknown", ValueSetOrigins.BuiltIn);
            sets[kind] = probe with { Version = probe.SourceVersion ?? throw new InvalidOperationException($"The built-in value set for '{kind}' has no version.") };
        }

        return new IndicatorTerminology(sets);
    }
}
