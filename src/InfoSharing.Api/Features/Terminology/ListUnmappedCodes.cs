using System.Text.RegularExpressions;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Terminology;

/// <summary>A code an agency sent that matched no value set, and how often: no person, no message.</summary>
public sealed record UnmappedCodeView(string Agency, string CodeSystem, string Code, long Count, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

public sealed record UnmappedCodesResponse(Page<UnmappedCodeView> Codes);

/// <summary>GET /api/terminology/unmapped-codes?agency=&amp;codeSystem=: what the value sets miss, most frequent first.</summary>
public static partial class ListUnmappedCodes
{
    public static IEndpointRouteBuilder MapListUnmappedCodes(this IEndpointRouteBuilder api)
    {
        api.MapGet("/terminology/unmapped-codes", HandleAsync)
            .RequireAuthorization(Roles.TerminologyPolicy)
            .RequirePurposeOfUse()
            .WithName("ListUnmappedCodes")
            .WithTags("Terminology")
            .WithSummary("Codes on accepted messages (Condition.code, Observation.code and valueCodeableConcept, Flag.code) that matched no indicator value set, "
                + "by agency, code system and code, most frequent first; filter by agency and codeSystem. Only counts: no person or message is kept with them.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }

    private static async Task<Results<Ok<UnmappedCodesResponse>, ProblemHttpResult>> HandleAsync(
        string? agency, string? codeSystem, int? page, int? pageSize, InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        if (agency is not null && !AgencyCode().IsMatch(agency))
        {
            return Problems.BadRequest("Invalid agency", "agency is an agency code: lower-case letters, digits and hyphens.");
        }

        if (codeSystem is { Length: > 200 })
        {
            return Problems.BadRequest("Invalid codeSystem", "codeSystem is a code system URI of at most 200 characters.");
        }

        var query = db.UnmappedCodes.AsNoTracking();
        if (agency is not null)
        {
            query = query.Where(c => c.Agency == agency);
        }

        if (codeSystem is not null)
        {
            query = query.Where(c => c.CodeSystem == codeSystem);
        }

        var total = await query.LongCountAsync(cancellationToken);
        var items = await query.OrderByDescending(c => c.Count).ThenBy(c => c.Agency).ThenBy(c => c.CodeSystem).ThenBy(c => c.Code)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new UnmappedCodeView(c.Agency, c.CodeSystem, c.Code, c.Count, c.FirstSeenAt, c.LastSeenAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new UnmappedCodesResponse(paging.Of(items, total)));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex AgencyCode();
}
