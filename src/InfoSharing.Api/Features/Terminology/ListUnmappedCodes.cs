using System.Text.RegularExpressions;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Terminology;

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

        return TypedResults.Ok(new UnmappedCodesResponse(await UnmappedCodeList.LoadAsync(db, agency, codeSystem, paging, cancellationToken)));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex AgencyCode();
}
