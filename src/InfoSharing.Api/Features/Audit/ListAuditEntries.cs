using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Audit;

/// <summary>A page of audit entries, in chain order, filtered by kind, subject id and period.</summary>
public sealed record AuditEntriesResponse(Page<AuditChange> Entries) : IReturnsIds
{
    public IEnumerable<ReturnedId> ReturnedIds() => Entries.Items.Select(e => new ReturnedId("audit-entry", e.EntryId));
}

/// <summary>GET /api/audit/entries?kind=&amp;subjectId=&amp;from=&amp;to=: for instance, who has read about a child (kind=api-read&amp;subjectId=childId).</summary>
public static class ListAuditEntries
{
    public static IEndpointRouteBuilder MapListAuditEntries(this IEndpointRouteBuilder api)
    {
        api.MapGet("/audit/entries", HandleAsync)
            .RequireAuthorization(Roles.AuditorPolicy)
            .RequirePurposeOfUse()
            .WithName("ListAuditEntries")
            .WithTags("Audit")
            .WithSummary("Audit entries in chain order; filter by kind, subjectId (any internal id), from (inclusive) and to (exclusive).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<AuditEntriesResponse>, ProblemHttpResult>> HandleAsync(
        InfoSharingDbContext db,
        string? kind,
        Guid? subjectId,
        string? from,
        string? to,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem)
            || !TimeQuery.TryParse(nameof(from), from, out var since, out problem)
            || !TimeQuery.TryParse(nameof(to), to, out var until, out problem))
        {
            return problem!;
        }

        var entries = db.AuditEntries.AsQueryable();
        if (!string.IsNullOrWhiteSpace(kind))
        {
            entries = entries.Where(e => e.Kind == kind);
        }

        if (subjectId is { } id)
        {
            entries = entries.About([id]);
        }

        if (since is { } s)
        {
            entries = entries.Where(e => e.RecordedAt >= s);
        }

        if (until is { } u)
        {
            entries = entries.Where(e => e.RecordedAt < u);
        }

        var (items, total) = await entries.PageAsync(paging.Skip, paging.PageSize, cancellationToken);
        return TypedResults.Ok(new AuditEntriesResponse(paging.Of(items.Select(AuditChange.From).ToList(), total)));
    }
}
