using System.Text.Json;
using System.Text.Json.Serialization;
using InfoSharing.Domain.People;

namespace InfoSharing.Domain.Relationships;

/// <summary>Whom a relationship code describes the person's relation to.</summary>
public enum RelationshipAnchor
{
    /// <summary>The patient the record is about, who is the mother (e.g. husband, partner).</summary>
    Mother,

    /// <summary>The mother's unborn child (e.g. natural father of fetus).</summary>
    Fetus,

    /// <summary>The infant (e.g. father).</summary>
    Child,

    /// <summary>The patient's household, whoever the patient is (e.g. roommate): the person lives with the child or unborn child.</summary>
    Household,
}

/// <summary>A coded relationship as an agency sent it.</summary>
public readonly record struct RelationshipCode(string System, string Code);

/// <summary>
/// The mapping from agency relationship codes to InfoSharing relationship types, kept as data
/// (Terminology/relationship-codes.json) so that a new code is a reviewed data change, not a code change.
/// </summary>
public sealed class RelationshipTerminology
{
    // Declared first: static initialisers run in textual order and Default needs it.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly Dictionary<RelationshipCode, Entry> _entries;
    private readonly Dictionary<RelationshipCode, MotherEntry> _motherCodes;

    private RelationshipTerminology(string version, IEnumerable<Entry> entries, IEnumerable<MotherEntry> motherCodes)
    {
        Version = version;
        _entries = entries.ToDictionary(e => new RelationshipCode(e.System, e.Code));
        _motherCodes = motherCodes.ToDictionary(e => new RelationshipCode(e.System, e.Code));
    }

    public string Version { get; }

    public static RelationshipTerminology Default { get; } = LoadEmbedded();

    /// <summary>
    /// The relationship to the (unborn) child that a code gives, read relative to <paramref name="recordedAgainst"/>,
    /// or null when the code says nothing about the child (e.g. the mother's own father).
    /// </summary>
    public RelationshipType? ToChildRelationship(RelationshipCode code, RelationshipAnchor recordedAgainst)
    {
        if (!_entries.TryGetValue(code, out var entry))
        {
            return null;
        }

        // A fetus-anchored code recorded on the mother describes the unborn child; a child-anchored code
        // recorded on the mother describes her own parents and so is not about the child.
        var meaningful = (recordedAgainst, entry.Anchor) switch
        {
            (RelationshipAnchor.Mother, RelationshipAnchor.Mother or RelationshipAnchor.Fetus) => true,
            (RelationshipAnchor.Child, RelationshipAnchor.Child or RelationshipAnchor.Fetus) => true,
            (RelationshipAnchor.Fetus, RelationshipAnchor.Fetus or RelationshipAnchor.Child) => true,
            (_, RelationshipAnchor.Household) => true,
            _ => false,
        };
        return meaningful ? RelationshipTypeCodes.FromCode(entry.Type) : null;
    }

    /// <summary>Whom the code describes the person's relation to, or null for a code not in the terminology.</summary>
    public RelationshipAnchor? AnchorOf(RelationshipCode code) => _entries.TryGetValue(code, out var entry) ? entry.Anchor : null;

    /// <summary>
    /// True when the code, recorded against an infant, says the person is the infant's mother (v3 NMTH, MTH; a code
    /// that names either parent, such as NPRN, only for a female person).
    /// </summary>
    public bool IdentifiesMother(RelationshipCode code, AdministrativeSex sex) =>
        _motherCodes.TryGetValue(code, out var entry) && (!entry.FemaleOnly || sex == AdministrativeSex.Female);

    private static RelationshipTerminology LoadEmbedded()
    {
        using var stream = typeof(RelationshipTerminology).Assembly
            .GetManifestResourceStream("InfoSharing.Domain.Terminology.relationship-codes.json")
            ?? throw new InvalidOperationException("The relationship terminology resource is missing from the build.");
        var file = JsonSerializer.Deserialize<TerminologyFile>(stream, JsonOptions)
            ?? throw new InvalidOperationException("The relationship terminology resource is empty.");
        return new RelationshipTerminology(file.Version, file.Codes, file.MotherCodes ?? []);
    }

    private sealed record TerminologyFile(string Version, IReadOnlyList<Entry> Codes, IReadOnlyList<MotherEntry>? MotherCodes);

    private sealed record MotherEntry(string System, string Code, string Display, bool FemaleOnly);

    private sealed record Entry(string System, string Code, string Display, RelationshipAnchor Anchor, string Type);
}
