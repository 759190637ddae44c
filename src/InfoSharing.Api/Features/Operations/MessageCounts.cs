using InfoSharing.Api.Auditing;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Ingest;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Operations;

/// <summary>How many messages an agency sent, by status and rejection code.</summary>
public sealed record MessageCount(string Agency, string Status, string? ErrorCode, long Count, DateTimeOffset LastReceivedAt);

/// <summary>A message InfoSharing did not accept: its envelope, code and reason (the reason never holds a value from the body).</summary>
public sealed record RejectedMessage(
    Guid InboundMessageId, string Agency, string? MessageId, string RoutingKey, string? MessageType, string Status, string? ErrorCode, string? Error, DateTimeOffset ReceivedAt);

/// <summary>Messages per agency by status, and the latest messages not accepted (never a body).</summary>
public sealed record MessageCountsResponse(IReadOnlyList<MessageCount> Counts, Page<RejectedMessage> NotAccepted) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => NotAccepted.Items.Select(m => new ReturnedId("inbound-message", m.InboundMessageId));
}

/// <summary>Read by GET /api/operations/messages and the operators' page.</summary>
public static class MessageCounts
{
    public static async Task<MessageCountsResponse> LoadAsync(InfoSharingDbContext db, string? agency, Paging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var messages = db.InboundMessages.AsNoTracking().Where(m => agency == null || m.Agency == agency);
        var counts = await messages
            .GroupBy(m => new { m.Agency, m.Status, m.ErrorCode })
            .Select(g => new { g.Key.Agency, g.Key.Status, g.Key.ErrorCode, Count = g.LongCount(), Last = g.Max(m => m.ReceivedAt) })
            .ToListAsync(cancellationToken);
        var notAccepted = messages.Where(m => m.Status != InboundStatus.Accepted);
        var total = await notAccepted.LongCountAsync(cancellationToken);
        var items = await notAccepted
            .OrderByDescending(m => m.ReceivedAt).ThenBy(m => m.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(m => new { m.Id, m.Agency, m.MessageId, m.RoutingKey, m.MessageType, m.Status, m.ErrorCode, m.Error, m.ReceivedAt })
            .ToListAsync(cancellationToken);
        return new MessageCountsResponse(
            counts.OrderBy(c => c.Agency, StringComparer.Ordinal).ThenBy(c => c.Status).ThenBy(c => c.ErrorCode, StringComparer.Ordinal)
                .Select(c => new MessageCount(c.Agency, Code(c.Status), c.ErrorCode, c.Count, c.Last)).ToList(),
            paging.Of(items.Select(m => new RejectedMessage(m.Id, m.Agency, m.MessageId, m.RoutingKey, m.MessageType, Code(m.Status), m.ErrorCode, m.Error, m.ReceivedAt)).ToList(), total));
    }

    private static string Code(InboundStatus status) => status.ToString().ToLowerInvariant();
}
