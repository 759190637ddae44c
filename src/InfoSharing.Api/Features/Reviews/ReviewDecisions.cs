using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.Data.People;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Reviews;

/// <summary>
/// A reviewer's decision on a possible match, made the same way from POST /api/reviews/{reviewId}/decision and from
/// the review page: confirm merges the record's person into the chosen candidate; reject keeps it apart and
/// remembers every candidate as "not the same".
/// </summary>
public static class ReviewDecisions
{
    /// <summary>The longest reason a reviewer may give; it is kept for ever in the audit log and the merge history.</summary>
    public const int ReasonMaxLength = 1000;

    /// <summary>
    /// Null when the reason may be recorded; otherwise what is wrong with it. A reason is free text that enters the
    /// permanent audit log: bounded, printable, and never an NHS number (the record is named by the review, not the text).
    /// </summary>
    public static string? ReasonProblem(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return "a reason is required.";
        }

        if (reason.Length > ReasonMaxLength)
        {
            return $"the reason must be at most {ReasonMaxLength} characters.";
        }

        if (reason.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return "the reason must be plain text.";
        }

        return Auditing.PurposeOfUse.LooksLikeNhsNumber(reason)
            ? "the reason looks as if it holds an NHS number: it is kept in the audit log, which never holds NHS numbers; describe the evidence, not the person."
            : null;
    }

    public static async Task<ActionOutcome<ReviewDecisionResponse>> DecideAsync(
        InfoSharingDbContext db, Guid reviewId, ReviewDecisionRequest request, Decider decider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(decider);
        if (request is null || request.Decision is not ("confirm" or "reject") || string.IsNullOrWhiteSpace(request.Reason))
        {
            return ActionProblem.BadRequest("Invalid decision", "decision must be confirm or reject, and a reason is required.");
        }

        if (ReasonProblem(request.Reason) is { } reasonProblem)
        {
            return ActionProblem.BadRequest("Invalid decision", reasonProblem);
        }

        if (request.Decision == "confirm" && request.PersonId is null)
        {
            return ActionProblem.BadRequest("Invalid decision", "confirm needs personId: the candidate the record is.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var task = await db.ReviewTasks.FromSql($"SELECT * FROM person.review_tasks WHERE id = {reviewId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (task is null)
        {
            return ActionProblem.NotFound("Review not found", "No review task has this id.");
        }

        if (task.Status != ReviewTask.Open)
        {
            return new ActionProblem(StatusCodes.Status409Conflict, "Already decided", $"The review was {task.Status}.");
        }

        var candidates = ReviewList.Candidates(task);
        var record = await db.PersonRecords.SingleAsync(r => r.Id == task.PersonRecordId, cancellationToken);
        var actor = decider.Actor;
        var reason = request.Reason!;
        PersonMerge? merge = null;
        if (request.Decision == "confirm")
        {
            if (candidates.All(c => c.PersonId != request.PersonId))
            {
                return ActionProblem.BadRequest("Not a candidate", "personId must be one of the review's candidates.");
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
        }, actorRole: decider.Roles, purpose: decider.Purpose?.ToString());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReviewDecisionResponse(task.Id, task.Status, task.DecidedPersonId ?? record.PersonId, merge?.Id);
    }


    /// <summary>Moves one record, and what came from it, out of a person into a person of its own (POST /api/persons/{personId}/unmerge and the review page).</summary>
    public static async Task<ActionOutcome<UnmergeResponse>> UnmergeAsync(
        InfoSharingDbContext db, Guid personId, UnmergeRequest request, Decider decider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(decider);
        if (request?.PersonRecordId is not { } recordId || string.IsNullOrWhiteSpace(request.Reason))
        {
            return ActionProblem.BadRequest("Invalid unmerge", "personRecordId and a reason are required.");
        }

        if (ReasonProblem(request.Reason) is { } reasonProblem)
        {
            return ActionProblem.BadRequest("Invalid unmerge", reasonProblem);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM person.persons WHERE id = {personId} FOR UPDATE", cancellationToken);
        var record = await db.PersonRecords.SingleOrDefaultAsync(r => r.Id == recordId && r.PersonId == personId, cancellationToken);
        if (record is null)
        {
            return ActionProblem.NotFound("Record not found", "This person has no record with that id.");
        }

        if (!await db.PersonRecords.AnyAsync(r => r.PersonId == personId && r.Id != recordId, cancellationToken))
        {
            return ActionProblem.BadRequest("Nothing to unmerge", "The record is the person's only record.");
        }

        var (merge, person) = await PersonMerger.UnmergeAsync(db, record, decider.Actor, request.Reason!, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new UnmergeResponse(personId, recordId, person.Id, merge.Id);
    }

    internal static async Task<Guid> CurrentPersonAsync(InfoSharingDbContext db, Guid personId, CancellationToken cancellationToken)
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
