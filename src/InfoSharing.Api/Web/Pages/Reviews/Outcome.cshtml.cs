using InfoSharing.Api.Features.Reviews;
using InfoSharing.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Web.Pages.Reviews;

/// <summary>After a decision: which flags it raised or withdrew (the read of GET /api/person-merges/{personMergeId}).</summary>
[Authorize(Policy = WebAuth.Reviewer)]
[RequiresPurpose]
public sealed class OutcomeModel(InfoSharingDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid ReviewId { get; set; }

    [BindProperty(SupportsGet = true, Name = "merge")]
    public Guid? MergeId { get; set; }

    public string Status { get; private set; } = string.Empty;

    public MergeOutcomeResponse? Merge { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var status = await db.ReviewTasks.AsNoTracking().Where(t => t.Id == ReviewId).Select(t => t.Status).FirstOrDefaultAsync(cancellationToken);
        if (status is null)
        {
            return NotFound();
        }

        Status = status;
        Merge = MergeId is { } id ? await MergeOutcome.LoadAsync(db, id, cancellationToken) : null;
        if (Merge is not null && Merge.ReviewTaskId != ReviewId && Merge.Kind == "merge")
        {
            return NotFound();
        }

        await WebReads.RecordAsync(
            this, "/reviews/{reviewId}/outcome", Merge?.ReturnedIds().ToList() ?? [], route: [("reviewId", ReviewId.ToString())], query: [("personMergeId", MergeId?.ToString())]);
        return Page();
    }
}
