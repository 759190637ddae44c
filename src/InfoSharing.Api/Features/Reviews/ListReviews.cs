using System.Text.Json;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Reviews;

/// <summary>One candidate person of a review task and how the model scored the record against them.</summary>
public sealed record ReviewCandidateView(Guid PersonId, double Weight, double Probability, string Decision, string Rule, string? BlockingRule);

/// <summary>A possible match: the record (now a person of its own), the candidates, and the decision once made.</summary>
public sealed record ReviewView(
    Guid ReviewId,
    Guid PersonRecordId,
    Guid PersonId,
    string Agency,
    string Rule,
    string ModelVersion,
    IReadOnlyList<ReviewCandidateView> Candidates,
    string Status,
    Guid? DecidedPersonId,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    DateTimeOffset CreatedAt);

public sealed record ReviewsResponse(Page<ReviewView> Reviews) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => Reviews.Items.SelectMany(r =>
        new[] { new ReturnedId("review", r.ReviewId), new ReturnedId("person-record", r.PersonRecordId), new ReturnedId("person", r.PersonId) }
            .Concat(r.Candidates.Select(c => new ReturnedId("person", c.PersonId))));
}

/// <summary>GET /api/reviews?status=open: possible matches waiting for (or decided by) a reviewer, oldest first.</summary>
public static class ListReviews
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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

        var tasks = db.ReviewTasks.AsNoTracking().Where(t => status == "all" || t.Status == status);
        var total = await tasks.LongCountAsync(cancellationToken);
        var items = await tasks
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Join(db.PersonRecords, t => t.PersonRecordId, r => r.Id, (t, r) => new { Task = t, r.PersonId, r.Agency })
            .ToListAsync(cancellationToken);
        var views = items.Select(i => new ReviewView(
            i.Task.Id, i.Task.PersonRecordId, i.PersonId, i.Agency, i.Task.Rule, i.Task.ModelVersion,
            JsonSerializer.Deserialize<List<ReviewCandidateView>>(i.Task.Candidates, Json) ?? [],
            i.Task.Status, i.Task.DecidedPersonId, i.Task.DecidedBy, i.Task.DecidedAt, i.Task.CreatedAt)).ToList();
        return TypedResults.Ok(new ReviewsResponse(paging.Of(views, total)));
    }
}
