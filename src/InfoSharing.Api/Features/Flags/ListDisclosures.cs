using System.Text.RegularExpressions;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Flags;

/// <summary>GET /api/disclosures?subscriber=&amp;from=&amp;to=: what was sent to which agency, when (by the time it was sent).</summary>
public static partial class ListDisclosures
{
    public static IEndpointRouteBuilder MapListDisclosures(this IEndpointRouteBuilder api)
    {
        api.MapGet("/disclosures", HandleAsync)
            .RequireAuthorization(Roles.AuditorPolicy)
            .RequirePurposeOfUse()
            .WithName("ListDisclosures")
            .WithTags("Flags")
            .WithSummary("Flag versions sent to subscribers, oldest first; filter by subscriber (agency code) and by the time sent: from (inclusive), to (exclusive). "
                + "Disclosures queued but not yet sent are not listed.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<DisclosuresResponse>, ProblemHttpResult>> HandleAsync(
        string? subscriber, string? from, string? to, int? page, int? pageSize, InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem)
            || !TimeQuery.TryParse(nameof(from), from, out var since, out problem)
            || !TimeQuery.TryParse(nameof(to), to, out var until, out problem))
        {
            return problem!;
        }

        if (subscriber is not null && !AgencyCode().IsMatch(subscriber))
        {
            return Problems.BadRequest("Invalid subscriber", "subscriber is an agency code: lower-case letters, digits and hyphens.");
        }

        if (since is { } s && until is { } u && s >= u)
        {
            return Problems.BadRequest("Invalid period", "from must be before to.");
        }

        var query = from d in db.Disclosures.AsNoTracking()
                    join f in db.Flags.AsNoTracking() on d.FlagId equals f.Id
                    where d.SentAt != null
                    select new { d, f };
        if (subscriber is not null)
        {
            query = query.Where(x => x.d.Subscriber == subscriber);
        }

        if (since is { } start)
        {
            query = query.Where(x => x.d.SentAt >= start);
        }

        if (until is { } end)
        {
            query = query.Where(x => x.d.SentAt < end);
        }

        var total = await query.LongCountAsync(cancellationToken);
        var items = await query.OrderBy(x => x.d.SentAt).ThenBy(x => x.d.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(x => new DisclosureItem(x.d.Id, x.d.FlagId, x.d.FlagVersion, x.f.Code, x.f.ChildId, x.f.PersonId, x.d.Subscriber, x.d.MessageId, x.d.QueuedAt, x.d.SentAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new DisclosuresResponse(paging.Of(items, total)));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex AgencyCode();
}
