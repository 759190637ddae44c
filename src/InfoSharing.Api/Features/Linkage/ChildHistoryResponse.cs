using InfoSharing.Api.Auditing;
using InfoSharing.Api.Features.Audit;
using InfoSharing.Api.Http;

namespace InfoSharing.Api.Features.Linkage;

/// <summary>
/// Everything known about one infant or unborn child at a moment (now, or <see cref="AsOf"/>): the men linked, the
/// relationships and their evidence, the person links beneath them, the source messages, the flags, and the changes
/// from the audit log in chain order (paged).
/// </summary>
public sealed record ChildHistoryResponse(
    Guid ChildId,
    DateTimeOffset? AsOf,
    string Kind,
    DateTimeOffset KnownSince,
    Guid? MotherPersonId,
    string? MotherNhsNumber,
    DateOnly? ExpectedDeliveryDate,
    Guid? InfantPersonId,
    string? InfantNhsNumber,
    DateOnly? BirthDate,
    IReadOnlyList<PersonLink> MotherAndInfantLinks,
    IReadOnlyList<LinkedPersonHistory> LinkedPeople,
    IReadOnlyList<SourceMessage> SourceMessages,
    IReadOnlyList<FlagState> Flags,
    Page<AuditChange> Changes,
    IReadOnlyList<IndicatorState> Indicators) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() =>
        new[] { new ReturnedId("child", ChildId) }
            .Concat(new[] { MotherPersonId, InfantPersonId }.OfType<Guid>().Select(id => new ReturnedId("person", id)))
            .Concat(LinkedPeople.Select(p => new ReturnedId("person", p.PersonId)))
            .Concat(LinkedPeople.SelectMany(p => p.Relationships).Select(r => new ReturnedId("relationship", r.RelationshipId)))
            .Concat(LinkedPeople.SelectMany(p => p.PersonLinks).Concat(MotherAndInfantLinks).Select(l => new ReturnedId("person-record", l.PersonRecordId)))
            .Concat(SourceMessages.Select(m => new ReturnedId("inbound-message", m.InboundMessageId)))
            .Concat(Flags.Select(f => new ReturnedId("flag", f.FlagId)))
            .Concat(Indicators.Select(i => new ReturnedId("risk-indicator", i.IndicatorId)));
}

/// <summary>A man (or partner) linked to the child: his relationships to it, and the records of him they rest on.</summary>
public sealed record LinkedPersonHistory(
    Guid PersonId,
    string? NhsNumber,
    IReadOnlyList<RelationshipState> Relationships,
    IReadOnlyList<PersonLink> PersonLinks);

/// <summary>A relationship as it stood: current, or ended (valid-to passed).</summary>
public sealed record RelationshipState(
    Guid RelationshipId,
    Guid ChildId,
    string Type,
    string Rule,
    decimal Confidence,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    DateTimeOffset RecordedAt,
    string State,
    IReadOnlyList<EvidenceItem> Evidence);

/// <summary>One source that stated a relationship.</summary>
public sealed record EvidenceItem(
    Guid InboundMessageId,
    string Agency,
    string? MessageId,
    string CodeSystem,
    string Code,
    Guid PersonRecordId,
    DateTimeOffset RecordedAt);

/// <summary>How one agency record was joined to a person: the rule and the confidence of that decision.</summary>
public sealed record PersonLink(
    Guid PersonRecordId,
    Guid PersonId,
    string Agency,
    string Role,
    Guid InboundMessageId,
    string Rule,
    decimal Confidence,
    DateTimeOffset RecordedAt);

/// <summary>A stored agency message (never its body).</summary>
public sealed record SourceMessage(
    Guid InboundMessageId,
    string Agency,
    string? MessageId,
    string RoutingKey,
    string? MessageType,
    DateTimeOffset? SentAt,
    DateTimeOffset ReceivedAt,
    string Status);

/// <summary>A flag as it stood: its latest version at the moment asked.</summary>
public sealed record FlagState(Guid FlagId, string Code, Guid? PersonId, string Status, int Version, DateTimeOffset RaisedAt);

/// <summary>
/// A risk indicator of a linked man, the mother or the infant, as it stood: the kind and code the flag rules read.
/// Kind and code are null for a statement that only ended an earlier one about the same source resource; certainty is
/// provisional or unconfirmed, null when confirmed or unstated; entered in error when the agency withdrew it.
/// </summary>
public sealed record IndicatorState(
    Guid IndicatorId,
    Guid PersonId,
    string Agency,
    Guid InboundMessageId,
    string? Kind,
    string? CodeSystem,
    string? Code,
    string? Certainty,
    bool EnteredInError,
    bool Active,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    DateTimeOffset RecordedAt);
