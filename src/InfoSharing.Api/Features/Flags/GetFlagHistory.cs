using System.Text.Json;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Features.Audit;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Flags;

/// <summary>GET /api/flags/{flagId}/history?asOf=: every version of a flag and every disclosure of it.</summary>
public static class GetFlagHistory
{
    public static IEndpointRouteBuilder MapGetFlagHistory(this IEndpointRouteBuilder api)
    {
        api.MapGet("/flags/{flagId:guid}/history", HandleAsync)
            .RequireAuthorization(Roles.AuditorPolicy)
            .RequirePurposeOfUse()
            .WithName("GetFlagHistory")
            .WithTags("Flags")
            .WithSummary("A flag's versions (status, event, catalogue version, evidence) and its disclosures to subscribers, with the audit log's changes (paged); with asOf, as it stood then.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<FlagHistoryResponse>, ProblemHttpResult>> HandleAsync(
        Guid flagId, string? asOf, int? page, int? pageSize, InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem) || !TimeQuery.TryParse(nameof(asOf), asOf, out var when, out problem))
        {
            return problem!;
        }

        var at = when ?? DateTimeOffset.MaxValue;
        var flag = await db.Flags.AsNoTracking().Include(f => f.Versions).FirstOrDefaultAsync(f => f.Id == flagId, cancellationToken);
        var versions = flag?.Versions.Where(v => v.RecordedAt <= at).OrderBy(v => v.Version).ToList() ?? [];
        if (flag is null || versions.Count == 0)
        {
            return Problems.NotFound("Flag not known", when is null ? "No flag with this id is known." : "No flag with this id had been raised at that time.");
        }

        var disclosures = await db.Disclosures.AsNoTracking()
            .Where(d => d.FlagId == flagId && d.QueuedAt <= at)
            .OrderBy(d => d.QueuedAt)
            .ToListAsync(cancellationToken);
        var subjects = new List<Guid> { flagId };
        subjects.AddRange(disclosures.Select(d => d.Id));
        var (entries, total) = await db.AuditEntries.About(subjects, when).Changes().PageAsync(paging.Skip, paging.PageSize, cancellationToken);
        var current = versions[^1];

        return TypedResults.Ok(new FlagHistoryResponse(
            flag.Id,
            flag.Code,
            flag.ChildId,
            flag.PersonId,
            flag.RaisedAt,
            when,
            current.Status,
            current.Version,
            versions.Select(v => new FlagVersionItem(v.Version, v.Status, v.Event, v.CatalogueVersion, Parse(v.Evidence), v.RecordedAt)).ToList(),
            disclosures.Select(d => new DisclosureItem(
                d.Id, d.FlagId, d.FlagVersion, flag.Code, flag.ChildId, flag.PersonId, d.Subscriber, d.MessageId, d.QueuedAt, d.SentAt <= at ? d.SentAt : null)).ToList(),
            paging.Of(entries.Select(AuditChange.From).ToList(), total)));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
