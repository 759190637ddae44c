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
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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
        if (request is null || request.Decision is not ("confirm" or "reject") || string.IsNullOrWhiteSpace(request.Reason))
        {
            return Problems.BadRequest("Invalid decision", "decision must be confirm or reject, and a reason is required.");
        }

        if (request.Decision == "confirm" && request.PersonId is null)
        {
            return Problems.BadRequest("Invalid decision", "confirm needs personId: the candidate the record is.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var task = await db.ReviewTasks.FromSql($"SELECT * FROM person.review_tasks WHERE id = {reviewId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (task is null)
        {
            return Problems.NotFound("Review not found", "No review task has this id.");
        }

        if (task.Status != ReviewTask.Open)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already decided", detail: $"The review was {task.Status}.");
        }

        var candidates = JsonSerializer.Deserialize<List<ReviewCandidateView>>(task.Candidates, Json) ?? [];
        var record = await db.PersonRecords.SingleAsync(r => r.Id == task.PersonRecordId, cancellationToken);
        var actor = ReadAuditFilter.Actor(http.User);
        var now = time.GetUtcNow();
        var reason = request.Reason!;
        PersonMerge? merge = null;
        if (request.Decision == "confirm")
        {
            if (candidates.All(c => c.PersonId != request.PersonId))
            {
                return Problems.BadRequest("Not a candidate", "personId must be one of the review's candidates.");
            }

            // A candidate merged since the task opened is followed to the person it became.
            var target = await CurrentPersonAsync(db, request.PersonId!.Value, cancellationToken);
            await db.Database.ExecuteSqlAsync(
                $"SELECT 1 FROM person.persons WHERE id IN ({record.PersonId}, {target}) ORDER BY id FOR UPDATE", cancellationToken);
            if (target != record.PersonId)
            {
                merge = await PersonMerger.MergeAsync(db, record.PersonId, target, task.Id, actor, reason, now, cancellationToken);
            }

            task.Status = ReviewTask.Confirmed;
            task.DecidedPersonId = target;
        }
        else
        {
            foreach (var candidate in candidates)
            {
                PersonMerger.Exclude(db, record, await CurrentPersonAsync(db, candidate.PersonId, cancellationToken), actor, reason, now);
            }

            task.Status = ReviewTask.Rejected;
        }

        task.DecidedBy = actor;
        task.Reason = reason;
        task.DecidedAt = now;
        db.Record(AuditLog.ReviewDecided, actor, now, [task.Id, record.Id, record.PersonId, .. candidates.Select(c => c.PersonId)], new
        {
            reviewTaskId = task.Id,
            decision = task.Status,
            personRecordId = record.Id,
            personId = task.DecidedPersonId ?? record.PersonId,
            candidatePersonIds = candidates.Select(c => c.PersonId),
            personMergeId = merge?.Id,
            reason,
        }, actorRole: ReadAuditFilter.ActorRoles(http.User), purpose: PurposeOfUse.Read(http.Request)?.ToString());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new ReviewDecisionResponse(task.Id, task.Status, task.DecidedPersonId ?? record.PersonId, merge?.Id));
    }

    private static async Task<Guid> CurrentPersonAsync(InfoSharingDbContext db, Guid personId, CancellationToken cancellationToken)
    {
        var id = personId;
        for (var hops = 0; hops < 100; hops++)
        {
            var next = await db.Persons.Where(p => p.Id == id).Select(p => p.MergedIntoPersonId).SingleAsync(cancellationToken);
            if (next is null)
            {
                return id;
            }

            id = next.Value;
        }

        throw new InvalidOperationException("The merge chain of a person does not end.");
    }
}
