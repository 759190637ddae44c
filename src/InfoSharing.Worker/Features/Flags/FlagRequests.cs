using InfoSharing.Data;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.Flags;

/// <summary>Records, in the caller's transaction, that these children's pictures changed: the flags stage takes it from there.</summary>
public static class FlagRequests
{
    public const string Ingest = "ingest";
    public const string Sweep = "sweep";

    public static async Task EnqueueAsync(InfoSharingDbContext db, IReadOnlyCollection<Guid> childIds, string cause, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(childIds);
        if (childIds.Count == 0)
        {
            return;
        }

        var ids = childIds.Distinct().Order().ToArray();
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO flags.evaluation_requests (child_id, cause, requested_at) SELECT c, {cause}, {now} FROM unnest({ids}::uuid[]) AS c",
            cancellationToken);
    }
}
