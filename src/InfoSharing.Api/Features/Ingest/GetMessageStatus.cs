using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Ingest;

/// <summary>The status of one message an agency sent, and the reasons if it was rejected.</summary>
public sealed record MessageStatusResponse(
    Guid InboundMessageId,
    string Agency,
    string MessageId,
    string Status,
    string RoutingKey,
    DateTimeOffset ReceivedAt,
    string? ErrorCode,
    string? Error) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => [new ReturnedId("inbound-message", InboundMessageId)];
}

/// <summary>GET /api/ingest/{agency}/messages/{messageId}: an agency reads only its own messages.</summary>
public static class GetMessageStatus
{
    public static IEndpointRouteBuilder MapGetMessageStatus(this IEndpointRouteBuilder api)
    {
        api.MapGet("/ingest/{agency}/messages/{messageId}", HandleAsync)
            .RequireAuthorization(Roles.AgencyPolicy)
            .WithName("GetIngestMessageStatus")
            .WithTags("Ingest")
            .WithSummary("Whether a message was accepted or rejected, and why.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<MessageStatusResponse>, ProblemHttpResult>> HandleAsync(
        string agency, string messageId, HttpContext http, InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        if (!http.User.IsInRole(Roles.Admin) && !string.Equals(http.User.FindFirst(Roles.AgencyClaim)?.Value, agency, StringComparison.Ordinal))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not your agency",
                detail: "An agency may read the status of its own messages only.");
        }

        var message = await db.InboundMessages.AsNoTracking()
            .Where(m => m.Agency == agency && m.MessageId == messageId)
            .Select(m => new MessageStatusResponse(m.Id, m.Agency, m.MessageId!, m.Status.ToString().ToLowerInvariant(), m.RoutingKey, m.ReceivedAt, m.ErrorCode, m.Error))
            .FirstOrDefaultAsync(cancellationToken);
        return message is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Message not found",
                detail: "No message with this id has been received from this agency (it may still be queued).")
            : TypedResults.Ok(message);
    }
}
