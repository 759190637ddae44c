using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.AuditBench;

/// <summary>Concurrent writers, each on its own connection, one entry per transaction; when each commit returned.</summary>
internal static class BenchWriters
{
    public sealed record Result(int Count, TimeSpan Elapsed, double CommitP50, double CommitP99, IReadOnlyDictionary<Guid, DateTimeOffset> CommittedAt);

    public static async Task<Result> RunAsync(string connectionString, int writers, int perWriter)
    {
        var committedAt = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var latencies = new ConcurrentBag<double>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (_, token) =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                await using var db = BenchEntries.Context(connectionString);
                var entry = BenchEntries.RecordLink(db);
                var start = Stopwatch.GetTimestamp();
                await db.SaveChangesAsync(token);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                committedAt[entry.Id] = DateTimeOffset.UtcNow;
            }
        });
        watch.Stop();
        var sorted = latencies.Order().ToList();
        return new Result(committedAt.Count, watch.Elapsed, sorted[sorted.Count / 2], sorted[Math.Max(0, (int)Math.Ceiling(sorted.Count * 0.99) - 1)], committedAt);
    }

    /// <summary>Waits until every entry is sealed, then returns each one's delay from its commit to its seal (milliseconds).</summary>
    public static async Task<List<double>> SealDelaysAsync(string connectionString, IReadOnlyDictionary<Guid, DateTimeOffset> committedAt, TimeSpan timeout)
    {
        var ids = committedAt.Keys.ToArray();
        var deadline = DateTime.UtcNow + timeout;
        await using var db = BenchEntries.Context(connectionString);
        while (await db.AuditSeals.CountAsync(s => ids.Contains(s.EntryId)) < ids.Length)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Entries were not sealed in time.");
            }

            await Task.Delay(100);
        }

        var sealedAt = await db.AuditSeals.Where(s => ids.Contains(s.EntryId)).Select(s => new { s.EntryId, s.SealedAt }).ToListAsync();
        return sealedAt.Select(s => Math.Max(0, (s.SealedAt - committedAt[s.EntryId]).TotalMilliseconds)).ToList();
    }
}
