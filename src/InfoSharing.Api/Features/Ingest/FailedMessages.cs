using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Ingest;

/// <summary>A message set aside as failed (not the message's fault), with what went wrong, for the operator.</summary>
public sealed record FailedMessage(
    Guid InboundMessageId,
    string Agency,
    string? MessageId,
    string RoutingKey,
    DateTimeOffset ReceivedAt,
    string? FailureDetail,
    DateTimeOffset? ReplayRequestedAt);

public sealed record FailedMessagePage(Page<FailedMessage> Page) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => Page.Items.Select(m => new ReturnedId("inbound-message", m.InboundMessageId));
}

/// <summary>Which failed messages to process again: those of one agency, or the ids given (at least one of the two).</summary>
public sealed record ReplayRequest(string? Agency, IReadOnlyList<Guid>? InboundMessageIds);

public sealed record ReplayAccepted(int Requested) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => [];
}

/// <summary>
/// GET /api/admin/ingest/failed and POST /api/admin/ingest/failed/replay: the operator sees the messages set aside
/// as failed with their error, and asks for them to be processed again once the fault is fixed (the worker's replay
/// stage takes them; the worker's replay command does the same from a shell). Operators and admins; both are in the audit log.
/// </summary>
public static class FailedMessages
{
    public static IEndpointRouteBuilder MapFailedMessages(this IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/ingest/failed", ListAsync)
            .RequireAuthorization(Roles.OperatorPolicy)
            .WithName("ListFailedMessages")
            .WithTags("Ingest")
            .WithSummary("Messages set aside as failed (a fault in InfoSharing, not in the message), oldest first, with the error.");
        api.MapPost("/admin/ingest/failed/replay", ReplayAsync)
            .RequireAuthorization(Roles.OperatorPolicy)
            .WithName("ReplayFailedMessages")
            .WithTags("Ingest")
            .WithSummary("Asks the worker to process failed messages again (of one agency, or by id).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<FailedMessagePage>, ProblemHttpResult>> ListAsync(
        string? agency, int? page, int? pageSize, InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        return TypedResults.Ok(await LoadAsync(db, agency, paging!, cancellationToken));
    }

    private static async Task<Results<Ok<ReplayAccepted>, ProblemHttpResult>> ReplayAsync(
        ReplayRequest request, InfoSharingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request is null || (request.Agency is null && (request.InboundMessageIds is null || request.InboundMessageIds.Count == 0)))
        {
            return Problems.BadRequest("Nothing to replay", "Give an agency, inboundMessageIds, or both.");
        }

        return TypedResults.Ok(new ReplayAccepted(await RequestReplayAsync(db, request.Agency, request.InboundMessageIds ?? [], time.GetUtcNow(), cancellationToken)));
    }

    /// <summary>The failed messages, oldest first (of one agency, or all): the read of the API and of the operations page.</summary>
    public static async Task<FailedMessagePage> LoadAsync(InfoSharingDbContext db, string? agency, Paging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.InboundMessages.AsNoTracking().Where(m => m.Status == InboundStatus.Failed && (agency == null || m.Agency == agency));
        var items = await query.OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(m => new FailedMessage(m.Id, m.Agency, m.MessageId, m.RoutingKey, m.ReceivedAt, m.FailureDetail, m.ReplayRequestedAt))
            .ToListAsync(cancellationToken);
        return new FailedMessagePage(paging.Of(items, await query.LongCountAsync(cancellationToken)));
    }

    /// <summary>
    /// Marks failed messages (of <paramref name="agency"/> when given, and among <paramref name="ids"/> when any are
    /// given) for the worker's replay stage; returns how many were marked.
    /// </summary>
    public static Task<int> RequestReplayAsync(InfoSharingDbContext db, string? agency, IReadOnlyCollection<Guid> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        var wanted = ids.ToList();
        return db.InboundMessages
            .Where(m => m.Status == InboundStatus.Failed
                && (agency == null || m.Agency == agency)
                && (wanted.Count == 0 || wanted.Contains(m.Id)))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.ReplayRequestedAt, now), cancellationToken);
    }
}
