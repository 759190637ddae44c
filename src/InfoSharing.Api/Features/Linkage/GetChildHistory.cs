using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Linkage;

/// <summary>GET /api/children/{childId}/history?asOf=: the child's linkage as it stood, with every change from the audit log.</summary>
public static class GetChildHistory
{
    public static IEndpointRouteBuilder MapGetChildHistory(this IEndpointRouteBuilder api)
    {
        api.MapGet("/children/{childId:guid}/history", HandleAsync)
            .RequireAuthorization(Roles.AuditorPolicy)
            .RequirePurposeOfUse()
            .WithName("GetChildHistory")
            .WithTags("Linkage")
            .WithSummary("An infant's or unborn child's linkage history: the men linked, relationships, person links, source messages, flags, "
                + "and the audit log's changes (paged). With asOf (ISO 8601 with offset), what was known at that moment.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ChildHistoryResponse>, ProblemHttpResult>> HandleAsync(
        Guid childId, string? asOf, int? page, int? pageSize, InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem) || !TimeQuery.TryParse(nameof(asOf), asOf, out var at, out problem))
        {
            return problem!;
        }

        var history = await ChildHistory.LoadAsync(db, childId, at, paging, cancellationToken);
        return history is null
            ? Problems.NotFound("Child not known", at is null ? "No child with this id is known." : "No child with this id was known at that time.")
            : TypedResults.Ok(history);
    }
}
