using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Reviews;

public sealed record UnmergeRequest(Guid? PersonRecordId, string? Reason);

public sealed record UnmergeResponse(Guid PersonId, Guid PersonRecordId, Guid NewPersonId, Guid PersonMergeId) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => [new("person", PersonId), new("person-record", PersonRecordId), new("person", NewPersonId)];
}

/// <summary>
/// POST /api/persons/{personId}/unmerge: moves one record, and what came from it, out to a person of its own, and
/// remembers that it is not this person (the matcher will not link it back).
/// </summary>
public static class UnmergePerson
{
    public static IEndpointRouteBuilder MapUnmergePerson(this IEndpointRouteBuilder api)
    {
        api.MapPost("/persons/{personId:guid}/unmerge", HandleAsync)
            .RequireAuthorization(Roles.ReviewerPolicy)
            .RequirePurposeOfUse()
            .WithName("UnmergePerson")
            .WithTags("Reviews")
            .WithSummary("Move a record out of a person into a person of its own, with a reason; links resting on it are re-evaluated.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<UnmergeResponse>, ProblemHttpResult>> HandleAsync(
        Guid personId, UnmergeRequest request, InfoSharingDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var done = await ReviewDecisions.UnmergeAsync(db, personId, request, Decider.Of(http.User, PurposeOfUse.Read(http.Request)), time.GetUtcNow(), cancellationToken);
        return done.Problem is { } problem ? problem.ToResult() : TypedResults.Ok(done.Value!);
    }
}
