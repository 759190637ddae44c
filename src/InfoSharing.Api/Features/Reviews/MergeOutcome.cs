using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Reviews;

/// <summary>A flag version written by the re-evaluation that a merge or unmerge asked for.</summary>
public sealed record FlagChange(Guid FlagId, string Code, Guid ChildId, Guid? PersonId, int Version, string Event, string Status, DateTimeOffset RecordedAt);

/// <summary>
/// What a merge or unmerge changed: the children whose flags it asked to re-evaluate, whether that has run, and the
/// flag versions written for those children from the decision until the re-evaluation finished (raised, updated,
/// withdrawn). Until it has run, <see cref="Reevaluated"/> is false and the list may still grow.
/// </summary>
public sealed record MergeOutcomeResponse(
    Guid PersonMergeId, string Kind, Guid FromPersonId, Guid IntoPersonId, Guid? ReviewTaskId, string DecidedBy, string Reason, DateTimeOffset At,
    IReadOnlyList<Guid> Children, bool Reevaluated, DateTimeOffset? ReevaluatedAt, IReadOnlyList<FlagChange> FlagChanges) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() =>
        new[] { new ReturnedId("person-merge", PersonMergeId), new ReturnedId("person", FromPersonId), new ReturnedId("person", IntoPersonId) }
            .Concat(Children.Select(c => new ReturnedId("child", c)))
            .Concat(FlagChanges.Select(f => new ReturnedId("flag", f.FlagId)));
}

/// <summary>GET /api/person-merges/{personMergeId}: read by the API and by the review page after a decision.</summary>
public static class MergeOutcome
{
    public static async Task<MergeOutcomeResponse?> LoadAsync(InfoSharingDbContext db, Guid personMergeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var merge = await db.PersonMerges.AsNoTracking().FirstOrDefaultAsync(m => m.Id == personMergeId, cancellationToken);
        if (merge is null)
        {
            return null;
        }

        var requests = await db.ReevaluationRequests.AsNoTracking().Where(r => r.PersonMergeId == personMergeId).ToListAsync(cancellationToken);
        var children = requests.Select(r => r.ChildId).Distinct().ToList();
        var done = requests.All(r => r.ProcessedAt is not null);
        var until = done && requests.Count > 0 ? requests.Max(r => r.ProcessedAt!.Value) : DateTimeOffset.MaxValue;
        var changes = await (
                from v in db.FlagVersions.AsNoTracking()
                join f in db.Flags.AsNoTracking() on v.FlagId equals f.Id
                where children.Contains(f.ChildId) && v.RecordedAt >= merge.At && v.RecordedAt <= until
                orderby v.RecordedAt, f.Code
                select new FlagChange(f.Id, f.Code, f.ChildId, f.PersonId, v.Version, v.Event, v.Status, v.RecordedAt))
            .ToListAsync(cancellationToken);
        return new MergeOutcomeResponse(
            merge.Id, merge.Kind, merge.FromPersonId, merge.IntoPersonId, merge.ReviewTaskId, merge.DecidedBy, merge.Reason, merge.At,
            children, done, done && requests.Count > 0 ? until : null, changes);
    }

    public static IEndpointRouteBuilder MapGetMergeOutcome(this IEndpointRouteBuilder api)
    {
        api.MapGet("/person-merges/{personMergeId:guid}", HandleAsync)
            .RequireAuthorization(Roles.ReviewerPolicy)
            .RequirePurposeOfUse()
            .WithName("GetPersonMerge")
            .WithTags("Reviews")
            .WithSummary("A merge or unmerge and what it changed: the children re-evaluated, whether that has run, and the flags it raised, updated or withdrew.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<MergeOutcomeResponse>, ProblemHttpResult>> HandleAsync(Guid personMergeId, InfoSharingDbContext db, CancellationToken cancellationToken) =>
        await LoadAsync(db, personMergeId, cancellationToken) is { } outcome
            ? TypedResults.Ok(outcome)
            : Problems.NotFound("Merge not found", "No merge or unmerge has this id.");
}
