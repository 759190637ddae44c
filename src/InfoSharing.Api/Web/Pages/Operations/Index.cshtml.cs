using InfoSharing.Api.Auditing;
using InfoSharing.Api.Features.Ingest;
using InfoSharing.Api.Features.Operations;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoSharing.Api.Web.Pages.Operations;

/// <summary>
/// The operators' page: the reads of GET /api/operations/messages, GET /api/operations/queues and
/// GET /api/admin/ingest/failed, and the replay of POST /api/admin/ingest/failed/replay.
/// </summary>
[Authorize(Policy = WebAuth.Operator)]
[RequiresPurpose]
public sealed class OperationsModel(InfoSharingDbContext db, QueueDepths depths, TimeProvider time) : PageModel
{
    public MessageCountsResponse? Messages { get; private set; }

    public QueueDepthsResponse? Queues { get; private set; }

    public FailedMessagePage? Failed { get; private set; }

    /// <summary>How many failed messages the last replay asked for (shown once, after the redirect).</summary>
    [BindProperty(SupportsGet = true)]
    public int? Replayed { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Messages = await MessageCounts.LoadAsync(db, null, new Paging(1, Paging.DefaultPageSize), cancellationToken);
        Queues = await depths.LoadAsync(db, cancellationToken);
        Failed = await FailedMessages.LoadAsync(db, null, new Paging(1, Paging.DefaultPageSize), cancellationToken);
        await WebReads.RecordAsync(this, "/operations", [.. Messages.ReturnedIds(), .. Failed.ReturnedIds()]);
    }

    /// <summary>Asks the worker to process failed messages again: one, or every failed message of an agency.</summary>
    public async Task<IActionResult> OnPostReplayAsync(string? agency, Guid? inboundMessageId, CancellationToken cancellationToken)
    {
        if (agency is null && inboundMessageId is null)
        {
            return BadRequest();
        }

        Guid[] ids = inboundMessageId is { } id ? [id] : [];
        var requested = await FailedMessages.RequestReplayAsync(db, agency, ids, time.GetUtcNow(), cancellationToken);
        await WebReads.RecordAsync(this, "/operations/replay", ids.Select(i => new ReturnedId("inbound-message", i)).ToList(), query: [("agency", agency)]);
        return RedirectToPage(new { replayed = requested });
    }

    /// <summary>The kind of fault (the exception type), not its message: an operator reads the detail through the API.</summary>
    public static string FaultOf(string? detail) =>
        detail is null ? "–" : detail.Split(':', 2)[0].Split('\n', 2)[0];
}
