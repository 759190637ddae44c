using System.Globalization;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Features.People;
using InfoSharing.Api.Features.Reviews;
using InfoSharing.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoSharing.Api.Web.Pages.Reviews;

/// <summary>
/// One possible match side by side (the read of GET /api/reviews/{reviewId}), and the reviewer's decision: confirm,
/// reject or unmerge, made by the same code as the API's decision and unmerge endpoints.
/// </summary>
[Authorize(Policy = WebAuth.Reviewer)]
[RequiresPurpose]
public sealed class ReviewModel(InfoSharingDbContext db, TimeProvider time) : PageModel
{
    private const string Endpoint = "/reviews/{reviewId}";

    [BindProperty(SupportsGet = true)]
    public Guid ReviewId { get; set; }

    public ReviewDetailResponse? Detail { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(StatusCodes.Status200OK, cancellationToken);

    public Task<IActionResult> OnPostConfirmAsync(Guid personId, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(new ReviewDecisionRequest("confirm", personId, reason), cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(string? reason, CancellationToken cancellationToken) =>
        DecideAsync(new ReviewDecisionRequest("reject", null, reason), cancellationToken);

    public async Task<IActionResult> OnPostUnmergeAsync(Guid personId, string? reason, CancellationToken cancellationToken)
    {
        var detail = await ReviewDetail.LoadAsync(db, ReviewId, cancellationToken);
        if (detail is null)
        {
            return NotFound();
        }

        var done = await ReviewDecisions.UnmergeAsync(db, personId, new UnmergeRequest(detail.Review.PersonRecordId, Reason(reason)), Decider(), time.GetUtcNow(), cancellationToken);
        return await AfterAsync("/reviews/{reviewId}/unmerge", done.Problem, done.Value?.ReturnedIds(), done.Value?.PersonMergeId, cancellationToken);
    }

    /// <summary>The children a person is linked to (as a man), or is the mother or infant of.</summary>
    public string Children(PersonLinksResponse? person)
    {
        if (person is null)
        {
            return "–";
        }

        var items = person.Relationships.Select(r => $"{r.Type} of child {Short(r.ChildId)} ({r.State})")
            .Concat(person.Children.Select(c => $"{c.Role} of child {Short(c.ChildId)}"))
            .ToList();
        return items.Count == 0 ? "no child" : string.Join("; ", items);
    }

    private static string Short(Guid id) => id.ToString("N", CultureInfo.InvariantCulture)[^8..];

    private async Task<IActionResult> DecideAsync(ReviewDecisionRequest request, CancellationToken cancellationToken)
    {
        var decided = await ReviewDecisions.DecideAsync(db, ReviewId, request with { Reason = Reason(request.Reason) }, Decider(), time.GetUtcNow(), cancellationToken);
        return await AfterAsync("/reviews/{reviewId}/decision", decided.Problem, decided.Value?.ReturnedIds(), decided.Value?.PersonMergeId, cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(string endpoint, ActionProblem? problem, IEnumerable<ReturnedId>? returned, Guid? mergeId, CancellationToken cancellationToken)
    {
        if (problem is not null)
        {
            Problem = $"{problem.Title}: {problem.Detail}";
            return await ShowAsync(problem.Status, cancellationToken);
        }

        await WebReads.RecordAsync(this, endpoint, returned!.ToList(), route: [("reviewId", ReviewId.ToString())]);
        return RedirectToPage("/Reviews/Outcome", new { reviewId = ReviewId, merge = mergeId });
    }

    private async Task<IActionResult> ShowAsync(int status, CancellationToken cancellationToken)
    {
        Detail = await ReviewDetail.LoadAsync(db, ReviewId, cancellationToken);
        if (Detail is null)
        {
            return NotFound();
        }

        await WebReads.RecordAsync(this, Endpoint, Detail.ReturnedIds().ToList(), route: [("reviewId", ReviewId.ToString())], status: status);
        Response.StatusCode = status;
        return Page();
    }

    private Decider Decider() => Features.Reviews.Decider.Of(User, WebSession.PurposeOf(User));

    private static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
}
