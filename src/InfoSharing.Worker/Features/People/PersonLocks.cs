using InfoSharing.Data;
using InfoSharing.Matching;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Worker.Features.People;

/// <summary>
/// The advisory locks that serialise two transactions which could find each other's records (docs/decisions/0008,
/// 0014). Each (rule, value) a record stores or probes is hashed into one of <c>PersonIndex:LockBuckets</c> buckets;
/// a transaction takes its buckets deduplicated and sorted (so two batches never wait on each other in a circle),
/// after the index-wide lock in shared mode. A batch that would need more than <c>PersonIndex:MaxLocksPerTransaction</c>
/// buckets takes the index-wide lock exclusively instead: no transaction ever holds more than that many advisory locks,
/// so however large a message is, PostgreSQL's shared lock table (max_locks_per_transaction x max_connections) cannot
/// be exhausted by it.
/// </summary>
public static class PersonLocks
{
    /// <summary>Advisory lock class (the first int4 of the two-key form) of the buckets: "PI".</summary>
    private const int BucketClass = 0x5049;

    /// <summary>Advisory lock class of the index-wide lock: "PW".</summary>
    private const int IndexClass = 0x5057;

    /// <summary>The sorted, distinct buckets of these records' lock ids.</summary>
    public static int[] Buckets(IEnumerable<PreparedPerson> records, int bucketCount)
    {
        ArgumentNullException.ThrowIfNull(records);
        var buckets = new SortedSet<int>();
        foreach (var record in records)
        {
            foreach (var id in RecordKeys.LockIds(record))
            {
                buckets.Add((int)((ulong)id % (ulong)bucketCount));
            }
        }

        return [.. buckets];
    }

    /// <summary>Takes the locks for a batch's records (held to commit); returns whether the index-wide lock was taken exclusively.</summary>
    public static async Task<bool> TakeAsync(InfoSharingDbContext db, int[] buckets, int maxLocks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(buckets);
        if (buckets.Length == 0)
        {
            return false;
        }

        if (buckets.Length > maxLocks)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({IndexClass}, 0)", cancellationToken);
            return true;
        }

        await db.Database.ExecuteSqlAsync(
            $"""
            SELECT pg_advisory_xact_lock_shared({IndexClass}, 0);
            SELECT pg_advisory_xact_lock({BucketClass}, b) FROM (SELECT unnest({buckets}::int[]) AS b ORDER BY 1) s;
            """,
            cancellationToken);
        return false;
    }
}
