using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Reviews;

/// <summary>GET /api/reviews?status=open: possible matches waiting for (or decided by) a reviewer, oldest first.</summary>
public static class ListReviews
{
    public static IEndpointRouteBuilder MapListReviews(this IEndpointRouteBuilder api)
    {
        api.MapGet("/reviews", HandleAsync)
            .RequireAuthorization(Roles.ReviewerPolicy)
            .RequirePurposeOfUse()
            .WithName("ListReviews")
            .WithTags("Reviews")
            .WithSummary("Review tasks (possible matches) by status: open (default), confirmed, rejected or all.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<ReviewsResponse>, ProblemHttpResult>> HandleAsync(
        InfoSharingDbContext db, string? status, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        status ??= ReviewTask.Open;
        if (status is not (ReviewTask.Open or ReviewTask.Confirmed or ReviewTask.Rejected or "all"))
        {
            return Problems.BadRequest("Unknown status", "status must be open, confirmed, rejected or all.");
        }

        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        return TypedResults.Ok(new ReviewsResponse(await ReviewList.LoadAsync(db, status, paging, cancellationToken)));
    }
}
