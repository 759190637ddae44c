using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Terminology;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Data.Terminology;

/// <summary>The indicator value sets in force: the built-in ones, each replaced by the latest version imported for its kind.</summary>
public static class ValueSetsInForce
{
    public static async Task<IndicatorTerminology> LoadAsync(InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var imported = await db.ValueSetVersions.AsNoTracking()
            .GroupBy(v => v.Kind)
            .Select(g => g.OrderByDescending(v => v.Seq).First())
            .ToListAsync(cancellationToken);
        var terminology = IndicatorTerminology.BuiltIn;
        foreach (var version in imported.Where(v => IndicatorKinds.IsKnown(v.Kind)))
        {
            terminology = terminology.With(ToValueSet(version));
        }

        return terminology;
    }

    public static IndicatorValueSet ToValueSet(ValueSetVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return ValueSetJson.Read(System.Text.Encoding.UTF8.GetBytes(version.Content), version.Kind, version.Version, ValueSetOrigins.Imported);
    }
}
