using InfoSharing.Api.Features.Terminology;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoSharing.Api.Web.Pages.Terminology;

/// <summary>The terminology lead's page: the reads of GET /api/terminology/value-sets and GET /api/terminology/unmapped-codes.</summary>
[Authorize(Policy = WebAuth.Terminology)]
[RequiresPurpose]
public sealed class TerminologyModel(InfoSharingDbContext db) : PageModel
{
    public ValueSetsResponse ValueSets { get; private set; } = null!;

    public Page<UnmappedCodeView> Unmapped { get; private set; } = null!;

    public long PageCount => Math.Max(1, (Unmapped.Total + Unmapped.PageSize - 1) / Unmapped.PageSize);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || !Paging.TryCreate(pageNumber, null, out var paging, out _))
        {
            return BadRequest();
        }

        ValueSets = await ValueSetList.LoadAsync(db, cancellationToken);
        Unmapped = await UnmappedCodeList.LoadAsync(db, null, null, paging, cancellationToken);
        await WebReads.RecordAsync(this, "/terminology", [], query: pageNumber is null ? [] : [("page", paging.Page.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        return Page();
    }
}
