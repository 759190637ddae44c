using InfoSharing.Api.Auditing;

namespace InfoSharing.Api.Features.Linkage;

/// <summary>The men linked to an infant, or to the unborn child(ren) of a mother, and how each link was made.</summary>
public sealed record LinkageResponse(string NhsNumber, IReadOnlyList<ChildLinkage> Children) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => Children.SelectMany(c =>
        new[] { new ReturnedId("child", c.ChildId) }
            .Concat(new[] { c.MotherPersonId, c.InfantPersonId }.OfType<Guid>().Select(id => new ReturnedId("person", id)))
            .Concat(c.LinkedPeople.Select(p => new ReturnedId("person", p.PersonId)))
            .Concat(c.LinkedPeople.SelectMany(p => p.Evidence).Select(e => new ReturnedId("person-record", e.PersonRecordId)))
            .Concat(c.LinkedPeople.SelectMany(p => p.Evidence).Select(e => new ReturnedId("inbound-message", e.InboundMessageId))));
}

public sealed record ChildLinkage(
    Guid ChildId,
    string Kind,
    Guid? MotherPersonId,
    DateOnly? ExpectedDeliveryDate,
    DateOnly? BirthDate,
    Guid? InfantPersonId,
    IReadOnlyList<LinkedPersonLinkage> LinkedPeople);

public sealed record LinkedPersonLinkage(
    Guid PersonId,
    string? NhsNumber,
    string Relationship,
    string Rule,
    decimal Confidence,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    DateTimeOffset RecordedAt,
    IReadOnlyList<LinkEvidence> Evidence);

/// <summary>One source message that stated the relationship, and how its person record joined the person.</summary>
public sealed record LinkEvidence(
    string Agency,
    string? MessageId,
    Guid InboundMessageId,
    DateTimeOffset ReceivedAt,
    string CodeSystem,
    string Code,
    Guid PersonRecordId,
    string PersonLinkRule,
    decimal PersonLinkConfidence);
