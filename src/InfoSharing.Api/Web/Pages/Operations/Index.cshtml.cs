using InfoSharing.Api.Features.Operations;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InfoSharing.Api.Web.Pages.Operations;

/// <summary>The operators' page: the reads of GET /api/operations/messages and GET /api/operations/queues.</summary>
[Authorize(Policy = WebAuth.Operator)]
[RequiresPurpose]
public sealed class OperationsModel(InfoSharingDbContext db, QueueDepths depths) : PageModel
{
    public MessageCountsResponse? Messages { get; private set; }

    public QueueDepthsResponse? Queues { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Messages = await MessageCounts.LoadAsync(db, null, new Paging(1, Paging.DefaultPageSize), cancellationToken);
        Queues = await depths.LoadAsync(db, cancellationToken);
        await WebReads.RecordAsync(this, "/operations", Messages.ReturnedIds().ToList());
    }
}
