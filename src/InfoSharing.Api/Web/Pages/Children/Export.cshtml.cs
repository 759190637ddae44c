using Hl7.Fhir.Serialization;
using InfoSharing.Api.Features.Export;
using InfoSharing.Api.Features.Linkage;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace InfoSharing.Api.Web.Pages.Children;

/// <summary>The practice-review export as a download: the same document as GET /api/children/{childId}/export.</summary>
[Authorize(Policy = WebAuth.Auditor)]
[RequiresPurpose]
public sealed class ExportModel(InfoSharingDbContext db, AuditKeyRing keys, IOptions<AuditOptions> auditOptions, TimeProvider time) : PageModel
{
    private static readonly FhirJsonSerializer Fhir = new();

    public async Task<IActionResult> OnGetAsync(Guid childId, string? format, string? asOf, CancellationToken cancellationToken)
    {
        if (format is not ("json" or "fhir") || !TimeQuery.TryParse(nameof(asOf), asOf, out var at, out _))
        {
            return BadRequest();
        }

        var history = await ChildHistory.LoadAsync(db, childId, at, changesPage: null, cancellationToken);
        if (history is null)
        {
            return NotFound();
        }

        var export = new ChildHistoryExport(ChildHistoryExport.FormatName, time.GetUtcNow(), await AuditVerifier.VerifyAsync(db, keys, time, AuditVerifier.LatestCheckpoint(auditOptions.Value), cancellationToken), history);
        await WebReads.RecordAsync(
            this, "/children/{childId}/export", export.ReturnedIds().ToList(), route: [("childId", childId.ToString())],
            query: at is null ? [("format", format)] : [("format", format), ("asOf", Display.Iso(at.Value))]);
        var name = $"child-{childId:N}-{export.ExportedAt:yyyyMMddTHHmmssZ}";
        return format == "fhir"
            ? File(Fhir.SerializeToBytes(HistoryBundleWriter.Write(history, export.ExportedAt)), "application/fhir+json", name + ".fhir.json")
            : File(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(export, ExportJson.Options), "application/json", name + ".json");
    }
}

/// <summary>The API's JSON conventions (camelCase, as Minimal APIs write it), for the download.</summary>
internal static class ExportJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web);
}
