using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Reviews;

/// <summary>GET /api/reviews/{reviewId}: one possible match with the record and each candidate field by field.</summary>
public static class GetReview
{
    public static IEndpointRouteBuilder MapGetReview(this IEndpointRouteBuilder api)
    {
        api.MapGet("/reviews/{reviewId:guid}", HandleAsync)
            .RequireAuthorization(Roles.ReviewerPolicy)
            .RequirePurposeOfUse()
            .WithName("GetReview")
            .WithTags("Reviews")
            .WithSummary("One possible match: the record and each candidate's scored record field by field, each field's agreement level and "
                + "weight, the prior weight, the blocking rule, the model version, and the children each person is linked to.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ReviewDetailResponse>, ProblemHttpResult>> HandleAsync(Guid reviewId, InfoSharingDbContext db, CancellationToken cancellationToken) =>
        await ReviewDetail.LoadAsync(db, reviewId, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : Problems.NotFound("Review not found", "No review task has this id.");
}
