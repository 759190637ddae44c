using InfoSharing.Api.Features.Reviews;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoSharing.Api.Web.Pages.Reviews;

/// <summary>The open possible matches, oldest first: the same read as GET /api/reviews.</summary>
[Authorize(Policy = WebAuth.Reviewer)]
[RequiresPurpose]
public sealed class ReviewQueueModel(InfoSharingDbContext db) : PageModel
{
    public Page<ReviewView> Reviews { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Reviews = await ReviewList.LoadAsync(db, ReviewTask.Open, new Paging(1, Paging.MaxPageSize), cancellationToken);
        await WebReads.RecordAsync(this, "/reviews", new ReviewsResponse(Reviews).ReturnedIds().ToList(), query: [("status", ReviewTask.Open)]);
    }
}
