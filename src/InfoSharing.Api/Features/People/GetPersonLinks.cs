using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InfoSharing.Api.Features.People;

/// <summary>GET /api/persons/{personId}/links?asOf=.</summary>
public static class GetPersonLinks
{
    public static IEndpointRouteBuilder MapGetPersonLinks(this IEndpointRouteBuilder api)
    {
        api.MapGet("/persons/{personId:guid}/links", HandleAsync)
            .RequireAuthorization(Roles.PersonLinksPolicy)
            .RequirePurposeOfUse()
            .WithName("GetPersonLinks")
            .WithTags("People")
            .WithSummary("How a person was identified (each agency record joined to them, with rule and confidence), the children they are "
                + "linked to, and the audit log's changes (paged); with asOf, as it stood then.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<PersonLinksResponse>, ProblemHttpResult>> HandleAsync(
        Guid personId, string? asOf, int? page, int? pageSize, InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem) || !TimeQuery.TryParse(nameof(asOf), asOf, out var when, out problem))
        {
            return problem!;
        }

        var links = await PersonLinks.LoadAsync(db, personId, when, paging, cancellationToken);
        return links is null
            ? Problems.NotFound("Person not known", when is null ? "No person with this id is known." : "No person with this id was known at that time.")
            : TypedResults.Ok(links);
    }
}
