using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Data.Audit;

/// <summary>Reading the audit log: entries about any of a set of ids (GIN index on subject_ids), up to a moment.</summary>
public static class AuditQueries
{
    /// <summary>Entries whose subjects overlap <paramref name="ids"/> (PostgreSQL <c>&amp;&amp;</c>), recorded at or before <paramref name="asOf"/>.</summary>
    public static IQueryable<AuditEntry> About(this IQueryable<AuditEntry> entries, IReadOnlyCollection<Guid> ids, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(ids);
        var array = ids.Distinct().ToArray();
        var about = entries.Where(e => e.SubjectIds.Any(id => array.Contains(id)));
        return asOf is { } at ? about.Where(e => e.RecordedAt <= at) : about;
    }

    /// <summary>Decisions and disclosures only: not the log of who read what.</summary>
    public static IQueryable<AuditEntry> Changes(this IQueryable<AuditEntry> entries) =>
        entries.Where(e => e.Kind != AuditLog.ApiRead);

    /// <summary>Sealed entries in chain order, then those the sealer has not reached yet in the order they were recorded.</summary>
    public static IQueryable<AuditEntry> InChainOrder(this IQueryable<AuditEntry> entries) =>
        entries.OrderBy(e => e.Seal == null).ThenBy(e => e.Seal!.Seq).ThenBy(e => e.EntryNo);

    public static async Task<(List<AuditEntry> Items, long Total)> PageAsync(
        this IQueryable<AuditEntry> entries, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var total = await entries.LongCountAsync(cancellationToken);
        var items = await entries.AsNoTracking().Include(e => e.Seal).InChainOrder().Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (items, total);
    }
}
