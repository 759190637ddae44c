using InfoSharing.Api.Http;
using InfoSharing.Data;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Terminology;

/// <summary>A code an agency sent that matched no value set, and how often: no person, no message.</summary>
public sealed record UnmappedCodeView(string Agency, string CodeSystem, string Code, long Count, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);

public sealed record UnmappedCodesResponse(Page<UnmappedCodeView> Codes);

/// <summary>What the value sets miss, most frequent first. Read by GET /api/terminology/unmapped-codes and the terminology page.</summary>
public static class UnmappedCodeList
{
    public static async Task<Page<UnmappedCodeView>> LoadAsync(
        InfoSharingDbContext db, string? agency, string? codeSystem, Paging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.UnmappedCodes.AsNoTracking();
        if (agency is not null)
        {
            query = query.Where(c => c.Agency == agency);
        }

        if (codeSystem is not null)
        {
            query = query.Where(c => c.CodeSystem == codeSystem);
        }

        var total = await query.LongCountAsync(cancellationToken);
        var items = await query.OrderByDescending(c => c.Count).ThenBy(c => c.Agency).ThenBy(c => c.CodeSystem).ThenBy(c => c.Code)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new UnmappedCodeView(c.Agency, c.CodeSystem, c.Code, c.Count, c.FirstSeenAt, c.LastSeenAt))
            .ToListAsync(cancellationToken);
        return paging.Of(items, total);
    }
}
