using System.Text.Json;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Features.Audit;
using InfoSharing.Api.Http;

namespace InfoSharing.Api.Features.Flags;

/// <summary>A flag's versions and disclosures as they stood, with the audit log's changes about it (paged).</summary>
public sealed record FlagHistoryResponse(
    Guid FlagId,
    string Code,
    Guid ChildId,
    Guid? PersonId,
    DateTimeOffset RaisedAt,
    DateTimeOffset? AsOf,
    string Status,
    int Version,
    IReadOnlyList<FlagVersionItem> Versions,
    IReadOnlyList<DisclosureItem> Disclosures,
    Page<AuditChange> Changes) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() =>
        new[] { new ReturnedId("flag", FlagId), new ReturnedId("child", ChildId) }
            .Concat(PersonId is { } person ? [new ReturnedId("person", person)] : [])
            .Concat(Disclosures.Select(d => new ReturnedId("disclosure", d.DisclosureId)));
}

/// <summary>One version of a flag; <see cref="Evidence"/> names the relationships and messages it rests on.</summary>
public sealed record FlagVersionItem(int Version, string Status, string Event, string CatalogueVersion, JsonElement Evidence, DateTimeOffset RecordedAt);

/// <summary>A flag version queued for a subscriber, and when it was sent (null: not yet, or not by the moment asked).</summary>
public sealed record DisclosureItem(
    Guid DisclosureId,
    Guid FlagId,
    int FlagVersion,
    string FlagCode,
    Guid ChildId,
    Guid? PersonId,
    string Subscriber,
    string MessageId,
    DateTimeOffset QueuedAt,
    DateTimeOffset? SentAt);

/// <summary>A page of disclosures.</summary>
public sealed record DisclosuresResponse(Page<DisclosureItem> Disclosures) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() =>
        Disclosures.Items.SelectMany(d => new[] { new ReturnedId("disclosure", d.DisclosureId), new ReturnedId("flag", d.FlagId), new ReturnedId("child", d.ChildId) });
}
