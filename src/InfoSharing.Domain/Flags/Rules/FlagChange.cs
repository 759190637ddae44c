using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Flags;

/// <summary>
/// A flag that exists for the child, as its latest version left it: <c>Status</c> one of <see cref="FlagStatuses"/>,
/// <c>EvidenceHash</c> the <see cref="DesiredFlag.EvidenceHash"/> its latest raised or updated version was written with.
/// </summary>
public sealed record ExistingFlag(Guid FlagId, string Code, Guid? PersonId, string Status, int Version, string EvidenceHash)
{
    public FlagKey Key => new(Code, PersonId);

    /// <summary>The ids of the facts its latest raised or updated version rested on; null when not known.</summary>
    public IReadOnlySet<Guid>? Evidence { get; init; }
}

/// <summary>FHIR Flag.status values InfoSharing writes.</summary>
public static class FlagStatuses
{
    public const string Active = "active";
    public const string Inactive = "inactive";
    public const string EnteredInError = "entered-in-error";
}

/// <summary>
/// One new flag version to write (and send to the entitled subscribers).
/// <see cref="Event"/> is one of <c>Contracts.FlagMessageTypes</c>: flag-raised (a new flag, or one raised again after a withdrawal), flag-updated (still holds,
/// evidence changed) or flag-withdrawn (<see cref="Status"/> inactive, or entered-in-error when it held only through
/// a link found wrong). <c>FlagId</c> is the existing flag's id, null for a flag raised for the first time (the worker
/// assigns one); <c>Version</c> the version to write (1 for a new flag, else the existing version plus one);
/// <c>Desired</c> what the flag now rests on, null for a withdrawal.
/// </summary>
public sealed record FlagChange(
    string Event,
    string Status,
    string Code,
    Guid? PersonId,
    Guid? FlagId,
    int Version,
    DesiredFlag? Desired)
{
    /// <summary>Whom the flag is about, for withdrawals too (from <see cref="FlagEvaluation.MotherPersonId"/>).</summary>
    public FlagPerson About { get; init; }

    /// <summary>
    /// For a flag about a man: how he stands to the child now, or for a withdrawal, his closest relationship not undone
    /// (null when every one was undone: an entered-in-error message then names no man).
    /// </summary>
    public RelationshipType? Relationship { get; init; }
}
