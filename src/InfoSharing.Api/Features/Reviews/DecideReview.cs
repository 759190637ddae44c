using System.Text.Json;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Reviews;

/// <summary>A reviewer's decision: confirm (the record is <see cref="PersonId"/>) or reject (it is none of the candidates).</summary>
public sealed record ReviewDecisionRequest(string? Decision, Guid? PersonId, string? Reason);

public sealed record ReviewDecisionResponse(Guid ReviewId, string Status, Guid PersonId, Guid? PersonMergeId) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => [new("review", ReviewId), new("person", PersonId)];
}

/// <summary>
/// POST /api/reviews/{reviewId}/decision. Confirm merges the record's person into the chosen candidate; reject keeps
/// it apart and remembers every candidate as "not the same". Either way the decision is final for the matcher: only
/// another manual act (an unmerge) changes it.
/// </summary>
public static class DecideReview
{
    public static IEndpointRouteBuilder MapDecideReview(this IEndpointRouteBuilder api)
    {
        api.MapPost("/reviews/{reviewId:guid}/decision", HandleAsync)
            .RequireAuthorization(Roles.ReviewerPolicy)
            .RequirePurposeOfUse()
            .WithName("DecideReview")
            .WithTags("Reviews")
            .WithSummary("Confirm (merge into personId) or reject (keep apart) a possible match, with a reason.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<ReviewDecisionResponse>, ProblemHttpResult>> HandleAsync(
        Guid reviewId, ReviewDecisionRequest request, InfoSharingDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var decided = await ReviewDecisions.DecideAsync(
            db, reviewId, request, Decider.Of(http.User, PurposeOfUse.Read(http.Request)), time.GetUtcNow(), cancellationToken);
        return decided.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(decided.Value!);
    }
}
