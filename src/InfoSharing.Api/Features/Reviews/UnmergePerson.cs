using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

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
        if (request?.PersonRecordId is not { } recordId || string.IsNullOrWhiteSpace(request.Reason))
        {
            return Problems.BadRequest("Invalid unmerge", "personRecordId and a reason are required.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM person.persons WHERE id = {personId} FOR UPDATE", cancellationToken);
        var record = await db.PersonRecords.SingleOrDefaultAsync(r => r.Id == recordId && r.PersonId == personId, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound("Record not found", "This person has no record with that id.");
        }

        if (!await db.PersonRecords.AnyAsync(r => r.PersonId == personId && r.Id != recordId, cancellationToken))
        {
            return Problems.BadRequest("Nothing to unmerge", "The record is the person's only record.");
        }

        var actor = ReadAuditFilter.Actor(http.User);
        var (merge, person) = await PersonMerger.UnmergeAsync(db, record, actor, request.Reason!, time.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new UnmergeResponse(personId, recordId, person.Id, merge.Id));
    }
}
