using System.Globalization;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Features.Flags;
using InfoSharing.Api.Features.Linkage;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace InfoSharing.Api.Web.Pages.Children;

/// <summary>
/// A child's timeline, now or as of a moment: the reads of GET /api/children/{childId}/history, of each flag's
/// GET /api/flags/{flagId}/history and of GET /api/audit/verify, recorded together as one read.
/// </summary>
[Authorize(Policy = WebAuth.Auditor)]
[RequiresPurpose]
public sealed class TimelineModel(InfoSharingDbContext db, AuditKeyRing keys, IOptions<AuditOptions> auditOptions, TimeProvider time) : PageModel
{
    private static readonly Paging AllChanges = new(1, int.MaxValue);

    [BindProperty(SupportsGet = true)]
    public Guid ChildId { get; set; }

    /// <summary>An exact moment (ISO 8601 with offset), as the "just before this" links give it.</summary>
    [BindProperty(SupportsGet = true)]
    public string? AsOf { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Time { get; set; }

    public string? AsOfProblem { get; private set; }

    public ChildHistoryResponse? History { get; private set; }

    public AuditVerification? Chain { get; private set; }

    public List<TimelineEvent> Events { get; private set; } = [];

    public string AsOfQuery => History?.AsOf is { } at ? "&asOf=" + Uri.EscapeDataString(Display.Iso(at)) : string.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var at = Moment();
        History = await ChildHistory.LoadAsync(db, ChildId, at, AllChanges, cancellationToken);
        if (History is null)
        {
            return NotFound();
        }

        var flags = new List<FlagHistoryResponse>();
        foreach (var flag in History.Flags)
        {
            if (await FlagHistory.LoadAsync(db, flag.FlagId, at, new Paging(1, 1), cancellationToken) is { } history)
            {
                flags.Add(history);
            }
        }

        Chain = await AuditVerifier.VerifyAsync(db, keys, time, AuditVerifier.LatestCheckpoint(auditOptions.Value), cancellationToken);
        Events = ChildTimeline.Build(History, flags);
        if (at is { } moment)
        {
            Date = moment.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Time = moment.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        }

        await WebReads.RecordAsync(
            this,
            "/children/{childId}",
            History.ReturnedIds().Concat(flags.SelectMany(f => f.ReturnedIds())).ToList(),
            route: [("childId", ChildId.ToString())],
            query: at is null ? [] : [("asOf", Display.Iso(at.Value))]);
        return Page();
    }

    private DateTimeOffset? Moment()
    {
        if (!string.IsNullOrWhiteSpace(AsOf))
        {
            if (TimeQuery.TryParse("asOf", AsOf, out var exact, out _))
            {
                return exact;
            }

            AsOfProblem = "The moment in the address is not a time; showing what is known now.";
            return null;
        }

        if (string.IsNullOrWhiteSpace(Date))
        {
            return null;
        }

        var text = $"{Date}T{(string.IsNullOrWhiteSpace(Time) ? "23:59:59" : Time)}";
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc)).AddSeconds(string.IsNullOrWhiteSpace(Time) ? 0.999999 : 0);
        }

        AsOfProblem = "Enter a real date (and time), for example 1 March 2027 at 09:30.";
        return null;
    }
}
