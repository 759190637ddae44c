using System.Text.Json;
using InfoSharing.Api.Features.Audit;
using InfoSharing.Api.Http;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Flags;

/// <summary>A flag's versions and disclosures as they stood: read by GET /api/flags/{flagId}/history and the child's timeline.</summary>
public static class FlagHistory
{
    /// <summary>Null when the flag was not known (had no version at <paramref name="when"/>).</summary>
    public static async Task<FlagHistoryResponse?> LoadAsync(InfoSharingDbContext db, Guid flagId, DateTimeOffset? when, Paging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var at = when ?? DateTimeOffset.MaxValue;
        var flag = await db.Flags.AsNoTracking().Include(f => f.Versions).FirstOrDefaultAsync(f => f.Id == flagId, cancellationToken);
        var versions = flag?.Versions.Where(v => v.RecordedAt <= at).OrderBy(v => v.Version).ToList() ?? [];
        if (flag is null || versions.Count == 0)
        {
            return null;
        }

        var disclosures = await db.Disclosures.AsNoTracking()
            .Where(d => d.FlagId == flagId && d.QueuedAt <= at)
            .OrderBy(d => d.QueuedAt)
            .ToListAsync(cancellationToken);
        var subjects = new List<Guid> { flagId };
        subjects.AddRange(disclosures.Select(d => d.Id));
        var (entries, total) = await db.AuditEntries.About(subjects, when).Changes().PageAsync(paging.Skip, paging.PageSize, cancellationToken);
        var current = versions[^1];

        return new FlagHistoryResponse(
            flag.Id,
            flag.Code,
            flag.ChildId,
            flag.PersonId,
            flag.RaisedAt,
            when,
            current.Status,
            current.Version,
            versions.Select(v => new FlagVersionItem(v.Version, v.Status, v.Event, v.CatalogueVersion, Parse(v.Evidence), v.RecordedAt)).ToList(),
            disclosures.Select(d => new DisclosureItem(
                d.Id, d.FlagId, d.FlagVersion, flag.Code, flag.ChildId, flag.PersonId, d.Subscriber, d.MessageId, d.QueuedAt, d.SentAt <= at ? d.SentAt : null)).ToList(),
            paging.Of(entries.Select(AuditChange.From).ToList(), total));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
