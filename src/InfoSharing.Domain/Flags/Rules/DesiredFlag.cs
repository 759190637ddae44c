using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Flags;

/// <summary>Whom, besides the child, a flag is about.</summary>
public enum FlagPerson
{
    /// <summary>The child alone (injury, appointments not brought); <see cref="DesiredFlag.PersonId"/> is null.</summary>
    Child,

    /// <summary>The mother (a care-leaver mother); <see cref="DesiredFlag.PersonId"/> is her person id.</summary>
    Mother,

    /// <summary>A linked man; <see cref="DesiredFlag.PersonId"/> is his person id and the message names him.</summary>
    LinkedMale,
}

/// <summary>One fact a flag rests on: its kind (see <see cref="EvidenceKinds"/>) and its internal id.</summary>
public sealed record EvidenceRef(string Kind, Guid Id);

/// <summary>The kinds of <see cref="EvidenceRef"/>, each naming the table the worker finds the source message in.</summary>
public static class EvidenceKinds
{
    public const string Relationship = "relationship";
    public const string Indicator = "indicator";
    public const string Appointment = "appointment";
    public const string Contact = "contact";
    public const string MotherLink = "mother-link";
}

/// <summary>
/// A flag that should hold now: one per (<see cref="Code"/>, <see cref="PersonId"/>) for the child. Its evidence is
/// sorted, and <see cref="EvidenceHash"/> changes exactly when the evidence (or what subscribers are shown about it:
/// relationship type, link confidence, source agencies) changes.
/// </summary>
public sealed record DesiredFlag
{
    public required string Code { get; init; }

    public required FlagPerson About { get; init; }

    public Guid? PersonId { get; init; }

    /// <summary>For a flag about a linked man: how he stands to the child (the relationship the flag is about, else his closest).</summary>
    public RelationshipType? Relationship { get; init; }

    public required IReadOnlyList<EvidenceRef> Evidence { get; init; }

    /// <summary>What the message says besides the code: for non-mobile-infant-bruising, the injury kinds recorded.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>The indicator kinds the evidence counted under (so a version can record which value set versions it read).</summary>
    public IReadOnlyList<string> IndicatorKinds { get; init; } = [];

    /// <summary>Distinct agencies behind the evidence, sorted.</summary>
    public required IReadOnlyList<string> SourceAgencies { get; init; }

    /// <summary>The lowest confidence of the relationships the flag rests on; null when it rests on none.</summary>
    public decimal? LinkConfidence { get; init; }

    /// <summary>Lower-case hex SHA-256 of the canonical evidence; store it with the flag version for <see cref="FlagRules.Diff"/>.</summary>
    public required string EvidenceHash { get; init; }

    public IEnumerable<Guid> RelationshipIds => Evidence.Where(e => e.Kind == EvidenceKinds.Relationship).Select(e => e.Id);
}

/// <summary>What <see cref="FlagRules.Evaluate"/> found for one child.</summary>
/// <param name="Desired">The flags that should hold now, ordered by code then person.</param>
/// <param name="HeldOnlyByUndoneLinks">
/// Keys of flags that do not hold now but would if the undone relationships had been right: an existing flag with one of
/// these keys is withdrawn as entered-in-error rather than inactive.
/// </param>
/// <param name="CatalogueVersion">The catalogue version the rules read; store it with each flag version.</param>
public sealed record FlagEvaluation(
    IReadOnlyList<DesiredFlag> Desired,
    IReadOnlySet<FlagKey> HeldOnlyByUndoneLinks,
    string CatalogueVersion)
{
    /// <summary>The mother, so that a withdrawn flag about her is known as one.</summary>
    public Guid? MotherPersonId { get; init; }

    /// <summary>The facts found wrong: relationships undone and indicators whose statement was entered in error.</summary>
    public IReadOnlySet<Guid> FoundWrong { get; init; } = new HashSet<Guid>();

    /// <summary>Each linked man's closest relationship to the child that was not undone (in force or ended).</summary>
    public IReadOnlyDictionary<Guid, RelationshipType> StandingRelationships { get; init; } = new Dictionary<Guid, RelationshipType>();
}

/// <summary>The identity of a flag for one child: its code and the person it is about (null for the child alone).</summary>
public readonly record struct FlagKey(string Code, Guid? PersonId);
