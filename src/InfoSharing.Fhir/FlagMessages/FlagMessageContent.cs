using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Fhir.FlagMessages;

/// <summary>
/// Everything one flag version says, before entitlements: built by the worker from a <see cref="FlagChange"/>, written as
/// FHIR by <see cref="FlagMessageWriter"/>, which leaves out what the subscriber may not see.
/// </summary>
public sealed record FlagMessageContent
{
    public required Guid FlagId { get; init; }

    public required int Version { get; init; }

    /// <summary>One of Contracts.FlagMessageTypes: flag-raised, flag-updated, flag-withdrawn.</summary>
    public required string Event { get; init; }

    /// <summary>FHIR Flag.status: active (raised, updated), inactive or entered-in-error (withdrawn).</summary>
    public required string Status { get; init; }

    public required string Code { get; init; }

    public required string Display { get; init; }

    public required string RecommendedAction { get; init; }

    /// <summary>From the catalogue: domestic-abuse-derived flags are labelled restricted and written without victim details where needed.</summary>
    public required FlagSensitivity Sensitivity { get; init; }

    public required string Subscriber { get; init; }

    public required string MessageId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required DateTimeOffset FlagStart { get; init; }

    /// <summary>Flag.period.end for a withdrawal; when null, a withdrawal ends at <see cref="OccurredAt"/>.</summary>
    public DateTimeOffset? FlagEnd { get; init; }

    public required ChildSubject Child { get; init; }

    public LinkedMale? Male { get; init; }

    public required IReadOnlyList<EvidenceSource> Sources { get; init; }

    /// <summary>The confidence (0..1) of the person links the flag rests on; null for a flag that rests on no link.</summary>
    public required decimal? LinkConfidence { get; init; }

    /// <summary>For non-mobile-infant-bruising: the injury kinds recorded (Ingest.IndicatorKinds), named in Flag.code.text and the injury extension.</summary>
    public IReadOnlyList<string> Injuries { get; init; } = [];
}

/// <summary>
/// The infant (its NHS number), or the unborn child known through the mother's NHS number and expected delivery date.
/// <see cref="ChildId"/> is InfoSharing's id: the only identifier left when a national one may not be sent.
/// </summary>
public sealed record ChildSubject(Guid ChildId, string? InfantNhsNumber, string? MotherNhsNumber, DateOnly? ExpectedDeliveryDate);

/// <summary>The man the flag is about, with every field; the writer leaves out those the subscriber may not see.</summary>
public sealed record LinkedMale(
    Guid PersonId,
    RelationshipType Relationship,
    string? NhsNumber,
    string? GivenName,
    string? FamilyName,
    DateOnly? BirthDate);

/// <summary>A source message the flag's evidence came from: agency and message id only, never content.</summary>
public sealed record EvidenceSource(string Agency, string MessageId, DateTimeOffset ReceivedAt);
