using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Flags;

/// <summary>GET /api/flags/{flagId}/history?asOf=: every version of a flag and every disclosure of it.</summary>
public static class GetFlagHistory
{
    public static IEndpointRouteBuilder MapGetFlagHistory(this IEndpointRouteBuilder api)
    {
        api.MapGet("/flags/{flagId:guid}/history", HandleAsync)
            .RequireAuthorization(Roles.AuditorPolicy)
            .RequirePurposeOfUse()
            .WithName("GetFlagHistory")
            .WithTags("Flags")
            .WithSummary("A flag's versions (status, event, catalogue version, evidence) and its disclosures to subscribers, with the audit log's changes (paged); with asOf, as it stood then.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<FlagHistoryResponse>, ProblemHttpResult>> HandleAsync(
        Guid flagId, string? asOf, int? page, int? pageSize, InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem) || !TimeQuery.TryParse(nameof(asOf), asOf, out var when, out problem))
        {
            return problem!;
        }

        var history = await FlagHistory.LoadAsync(db, flagId, when, paging, cancellationToken);
        return history is null
            ? Problems.NotFound("Flag not known", when is null ? "No flag with this id is known." : "No flag with this id had been raised at that time.")
            : TypedResults.Ok(history);
    }
}
