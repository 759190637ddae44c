using InfoSharing.Data;
using InfoSharing.Domain.Terminology;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Api.Features.Terminology;

/// <summary>One version of a kind's value set: built into the release, or imported with <c>terminology import</c>.</summary>
public sealed record ValueSetVersionView(
    string Version,
    string Origin,
    int CodeCount,
    string? Url,
    string? SourceVersion,
    string? Title,
    DateTimeOffset? ExpansionTimestamp,
    DateTimeOffset? ImportedAt,
    string? ImportedBy);

/// <summary>A kind's value set in force, the built-in one, and every version imported (oldest first).</summary>
public sealed record KindValueSets(string Kind, ValueSetVersionView InForce, ValueSetVersionView BuiltIn, IReadOnlyList<ValueSetVersionView> Imported);

/// <summary>
/// <see cref="Generation"/>: the highest import sequence (0 when nothing was imported); a worker maps with exactly these
/// value sets once it has seen that generation, which it checks before every message.
/// </summary>
public sealed record ValueSetsResponse(long Generation, IReadOnlyList<KindValueSets> ValueSets);

/// <summary>The indicator value sets in force and every imported version. Read by GET /api/terminology/value-sets and the terminology page.</summary>
public static class ValueSetList
{
    public static async Task<ValueSetsResponse> LoadAsync(InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var imported = await db.ValueSetVersions.AsNoTracking()
            .OrderBy(v => v.Seq)
            .Select(v => new { v.Kind, v.Seq, View = new ValueSetVersionView(v.Version, ValueSetOrigins.Imported, v.CodeCount, v.Url, v.SourceVersion, v.Title, v.ExpansionTimestamp, v.ImportedAt, v.ImportedBy) })
            .ToListAsync(cancellationToken);
        var kinds = IndicatorTerminology.BuiltIn.ValueSets.Values.Select(builtIn =>
        {
            var own = imported.Where(i => i.Kind == builtIn.Kind).Select(i => i.View).ToList();
            var shipped = new ValueSetVersionView(builtIn.Version, ValueSetOrigins.BuiltIn, builtIn.Codes.Count, builtIn.Url, builtIn.SourceVersion, builtIn.Title, builtIn.ExpansionTimestamp, null, null);
            return new KindValueSets(builtIn.Kind, own.Count > 0 ? own[^1] : shipped, shipped, own);
        }).ToList();
        return new ValueSetsResponse(imported.Count == 0 ? 0 : imported.Max(i => i.Seq), kinds);
    }
}
