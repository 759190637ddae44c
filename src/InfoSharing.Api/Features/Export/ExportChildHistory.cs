using Hl7.Fhir.Serialization;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Features.Linkage;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InfoSharing.Api.Features.Export;

/// <summary>An infant's full history for a practice review panel: every change (unpaged), and the chain's state when exported.</summary>
public sealed record ChildHistoryExport(string Format, DateTimeOffset ExportedAt, AuditVerification Chain, ChildHistoryResponse History) : IReturnsIds
{
    public const string FormatName = "infosharing-child-history/1";

    public IEnumerable<ReturnedId> ReturnedIds() => History.ReturnedIds();
}

/// <summary>The same export as a FHIR R4 Bundle of AuditEvent and Provenance (application/fhir+json).</summary>
public sealed class FhirBundleResult(ChildHistoryExport export) : IResult, IReturnsIds, IStatusCodeHttpResult
{
    private static readonly FhirJsonSerializer Serializer = new();

    public int? StatusCode => StatusCodes.Status200OK;

    public IEnumerable<ReturnedId> ReturnedIds() => export.ReturnedIds();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var bundle = HistoryBundleWriter.Write(export.History, export.ExportedAt);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/fhir+json";
        await httpContext.Response.Body.WriteAsync(Serializer.SerializeToBytes(bundle), httpContext.RequestAborted);
    }
}

/// <summary>GET /api/children/{childId}/export?format=json|fhir&amp;asOf=.</summary>
public static class ExportChildHistory
{
    public static IEndpointRouteBuilder MapExportChildHistory(this IEndpointRouteBuilder api)
    {
        api.MapGet("/children/{childId:guid}/export", HandleAsync)
            .RequireAuthorization(Roles.AuditorPolicy)
            .RequirePurposeOfUse()
            .WithName("ExportChildHistory")
            .WithTags("Export")
            .WithSummary("The child's full history for a practice review panel: format=json (default) or format=fhir "
                + "(FHIR R4 Bundle, type collection, of AuditEvent and Provenance). With asOf, as it stood then.")
            .Produces<ChildHistoryExport>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ChildHistoryExport>, FhirBundleResult, ProblemHttpResult>> HandleAsync(
        Guid childId,
        string? format,
        string? asOf,
        InfoSharingDbContext db,
        AuditKeyRing keys,
        IOptions<AuditOptions> auditOptions,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "fhir"))
        {
            return Problems.BadRequest("Invalid format", "format is json (default) or fhir.");
        }

        if (!TimeQuery.TryParse(nameof(asOf), asOf, out var at, out var problem))
        {
            return problem!;
        }

        var history = await ChildHistory.LoadAsync(db, childId, at, changesPage: null, cancellationToken);
        if (history is null)
        {
            return Problems.NotFound("Child not known", "No child with this id is known (at that time).");
        }

        var export = new ChildHistoryExport(ChildHistoryExport.FormatName, time.GetUtcNow(), await AuditVerifier.VerifyAsync(db, keys, time, AuditVerifier.LatestCheckpoint(auditOptions.Value), cancellationToken), history);
        return format == "fhir" ? new FhirBundleResult(export) : TypedResults.Ok(export);
    }
}
