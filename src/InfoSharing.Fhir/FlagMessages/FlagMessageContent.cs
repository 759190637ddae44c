using InfoSharing.Domain.Relationships;

namespace InfoSharing.Fhir.FlagMessages;

/// <summary>Everything one flag message to one subscriber says; built by the flag rules, written as FHIR here.</summary>
public sealed record FlagMessageContent
{
    public required Guid FlagId { get; init; }

    public required int Version { get; init; }

    /// <summary>One of Contracts.FlagMessageTypes: flag-raised, flag-updated, flag-withdrawn.</summary>
    public required string Event { get; init; }

    /// <summary>FHIR Flag.status: active, inactive or entered-in-error.</summary>
    public required string Status { get; init; }

    public required string Code { get; init; }

    public required string Display { get; init; }

    public required string RecommendedAction { get; init; }

    public required string Subscriber { get; init; }

    public required string MessageId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required DateTimeOffset FlagStart { get; init; }

    public required ChildSubject Child { get; init; }

    public LinkedMale? Male { get; init; }

    public required IReadOnlyList<EvidenceSource> Sources { get; init; }

    /// <summary>The confidence (0..1) of the person links the flag rests on.</summary>
    public required decimal LinkConfidence { get; init; }
}

/// <summary>The infant, or the unborn child known through the mother's NHS number and expected delivery date.</summary>
public sealed record ChildSubject(Guid ChildId, string? InfantNhsNumber, string? MotherNhsNumber, DateOnly? ExpectedDeliveryDate);

/// <summary>The man the flag is about, with only the fields the subscriber is entitled to see.</summary>
public sealed record LinkedMale(
    Guid PersonId,
    RelationshipType Relationship,
    string? NhsNumber,
    string? GivenName,
    string? FamilyName,
    DateOnly? BirthDate);

/// <summary>A source message the flag's evidence came from: agency and message id only, never content.</summary>
public sealed record EvidenceSource(string Agency, string MessageId, DateTimeOffset ReceivedAt);
