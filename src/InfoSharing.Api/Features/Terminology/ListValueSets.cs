using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.Terminology;

/// <summary>GET /api/terminology/value-sets: the indicator value set versions in force and every imported one.</summary>
public static class ListValueSets
{
    public static IEndpointRouteBuilder MapListValueSets(this IEndpointRouteBuilder api)
    {
        api.MapGet("/terminology/value-sets", HandleAsync)
            .RequireAuthorization(Roles.TerminologyPolicy)
            .RequirePurposeOfUse()
            .WithName("ListValueSets")
            .WithTags("Terminology")
            .WithSummary("For each indicator kind: the value set version in force (the latest imported, else the built-in one), the built-in one, and every imported version. No personal data.");
        return api;
    }

    private static async Task<Ok<ValueSetsResponse>> HandleAsync(InfoSharingDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ValueSetList.LoadAsync(db, cancellationToken));
}
