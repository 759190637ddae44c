using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Data.Audit;

/// <summary>
/// The hash chain: canonical form, hashing, sealing new entries in order, and verification.
/// Canonical form: seq | id | recorded_at (UTC, microseconds, ISO 8601) | kind | actor | role | purpose | subject ids
/// (sorted) | content (canonical JSON) | previous hash (hex), joined with '\n', UTF-8, SHA-256.
/// </summary>
public static class AuditChain
{
    /// <summary>Fixed key of the transaction-scoped advisory lock that orders appends ("audit" in ASCII).</summary>
    public const long ChainLockKey = 0x6175646974;

    public static byte[] ComputeHash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var canonical = string.Join(
            '\n',
            entry.Seq.ToString(CultureInfo.InvariantCulture),
            entry.Id.ToString("D"),
            entry.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            entry.Kind,
            entry.Actor,
            entry.ActorRole ?? string.Empty,
            entry.Purpose ?? string.Empty,
            string.Join(',', entry.SubjectIds.Order().Select(g => g.ToString("D"))),
            entry.Content,
            Convert.ToHexStringLower(entry.PreviousHash));
        return SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
    }

    /// <summary>Canonical JSON of any content: object keys sorted ordinally, no insignificant whitespace.</summary>
    public static string Canonical(object content)
    {
        var node = JsonSerializer.SerializeToNode(content, JsonOptions);
        return Sort(node)?.ToJsonString() ?? "null";
    }

    /// <summary>
    /// Chains the entries this context is about to insert: takes the chain lock (held to commit), reads the last hash,
    /// numbers each new entry after the head and hashes it onto the one before.
    /// </summary>
    public static async Task SealAsync(InfoSharingDbContext db, IReadOnlyList<AuditEntry> pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(pending);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", cancellationToken);
        var head = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Seq)
            .Select(e => new { e.Seq, e.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        var previous = head?.Hash ?? [];
        var seq = head?.Seq ?? 0;
        foreach (var entry in pending)
        {
            entry.Seq = ++seq;
            // PostgreSQL keeps microseconds: hash what will be read back.
            entry.RecordedAt = new DateTimeOffset(entry.RecordedAt.UtcTicks - (entry.RecordedAt.UtcTicks % 10), TimeSpan.Zero);
            entry.PreviousHash = previous;
            entry.Hash = ComputeHash(entry);
            previous = entry.Hash;
        }
    }

    /// <summary>Walks the chain in order; returns the first entry that does not verify, or null when all do.</summary>
    public static async Task<AuditVerification> VerifyAsync(InfoSharingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        byte[] previous = [];
        long count = 0;
        long? lastSeq = null;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (!entry.PreviousHash.AsSpan().SequenceEqual(previous))
            {
                return new AuditVerification(false, count, entry.Seq, entry.Id, lastSeq is null
                    ? "The first entry does not start the chain: entries before it are missing."
                    : $"The entry does not follow entry {lastSeq}: an entry between them was removed or the order changed.");
            }

            if (!ComputeHash(entry).AsSpan().SequenceEqual(entry.Hash))
            {
                return new AuditVerification(false, count, entry.Seq, entry.Id, "The entry's content does not match its hash: it was changed after it was written.");
            }

            previous = entry.Hash;
            lastSeq = entry.Seq;
        }

        return new AuditVerification(true, count, null, null, null, lastSeq, lastSeq is null ? null : Convert.ToHexStringLower(previous));
    }

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value?.DeepClone())))),
        JsonArray array => new JsonArray(array.Select(n => Sort(n?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// The result of walking the chain: how many entries were checked, and the first that failed. When the chain is
/// intact, the head (last seq and its hash): removing entries from the end leaves a valid shorter chain, which only a
/// head noted elsewhere earlier can reveal.
/// </summary>
public sealed record AuditVerification(
    bool Valid, long EntriesChecked, long? FirstInvalidSeq, Guid? FirstInvalidId, string? Reason, long? HeadSeq = null, string? HeadHash = null);
