using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Data.Audit;

/// <summary>
/// The hash chain: canonical form, hashing and verification. A seal's hash covers the entry, its position and the
/// previous seal's hash. Encoding 1 (<see cref="LegacyEncoding"/>): seq | id | recorded_at (UTC, microseconds,
/// ISO 8601) | kind | actor | role | purpose | subject ids (sorted) | content (canonical JSON) | previous hash (hex),
/// joined with '\n', UTF-8, SHA-256.
/// </summary>
public static class AuditChain
{
    public const short LegacyEncoding = 1;

    public static byte[] ComputeLegacyHash(AuditEntry entry, long seq, byte[] previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(previousHash);
        return SHA256.HashData(Encoding.UTF8.GetBytes(LegacyCanonicalForm(entry, seq, previousHash)));
    }

    /// <summary>Encoding 1's text: fields joined with newlines, unescaped (kept so that entries sealed with it still verify).</summary>
    public static string LegacyCanonicalForm(AuditEntry entry, long seq, byte[] previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(previousHash);
        return string.Join(
            '\n',
            seq.ToString(CultureInfo.InvariantCulture),
            entry.Id.ToString("D"),
            RecordedAtText(entry.RecordedAt),
            entry.Kind,
            entry.Actor,
            entry.ActorRole ?? string.Empty,
            entry.Purpose ?? string.Empty,
            string.Join(',', entry.SubjectIds.Order().Select(g => g.ToString("D"))),
            entry.Content,
            Convert.ToHexStringLower(previousHash));
    }

    /// <summary>The hash a seal must carry for its entry, by the seal's encoding.</summary>
    public static byte[] ComputeHash(AuditEntry entry, AuditSeal seal)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(seal);
        return seal.Encoding switch
        {
            LegacyEncoding => ComputeLegacyHash(entry, seal.Seq, seal.PreviousHash),
            _ => throw new InvalidOperationException($"Seal {seal.Seq} uses encoding {seal.Encoding}, which this version does not know."),
        };
    }

    /// <summary>Canonical JSON of any content: object keys sorted ordinally, no insignificant whitespace.</summary>
    public static string Canonical(object content)
    {
        var node = JsonSerializer.SerializeToNode(content, JsonOptions);
        return Sort(node)?.ToJsonString() ?? "null";
    }

    /// <summary>
    /// Walks the chain in order; returns the first seal that does not verify, or the head when all do, with how many
    /// entries are still waiting for the sealer and since when.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(InfoSharingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        byte[] previous = [];
        long count = 0;
        long? lastSeq = null;
        var chain =
            from seal in db.AuditSeals.AsNoTracking()
            join entry in db.AuditEntries.AsNoTracking() on seal.EntryId equals entry.Id into entries
            from entry in entries.DefaultIfEmpty()
            orderby seal.Seq
            select new { seal, entry };
        AuditVerification? broken = null;
        await foreach (var link in chain.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            broken = Check(link.seal, link.entry, previous, lastSeq, count);
            if (broken is not null)
            {
                break;
            }

            previous = link.seal.Hash;
            lastSeq = link.seal.Seq;
        }

        var waiting = db.AuditEntries.AsNoTracking().Where(e => !db.AuditSeals.Any(s => s.EntryId == e.Id));
        var unsealed = await waiting.LongCountAsync(cancellationToken);
        var oldest = unsealed == 0 ? null : await waiting.MinAsync(e => (DateTimeOffset?)e.RecordedAt, cancellationToken);
        var age = oldest is { } at ? Math.Max(0, (time.GetUtcNow() - at).TotalSeconds) : (double?)null;
        return (broken ?? new AuditVerification(true, count, null, null, null, lastSeq, lastSeq is null ? null : Convert.ToHexStringLower(previous)))
            with { UnsealedEntries = unsealed, OldestUnsealedAt = oldest, OldestUnsealedAgeSeconds = age };
    }

    private static AuditVerification? Check(AuditSeal seal, AuditEntry? entry, byte[] previous, long? lastSeq, long count)
    {
        if (!seal.PreviousHash.AsSpan().SequenceEqual(previous))
        {
            return new AuditVerification(false, count, seal.Seq, seal.EntryId, lastSeq is null
                ? "The first entry does not start the chain: entries before it are missing."
                : $"The entry does not follow entry {lastSeq}: an entry between them was removed or the order changed.");
        }

        if (seal.Seq != (lastSeq ?? 0) + 1)
        {
            return new AuditVerification(false, count, seal.Seq, seal.EntryId, $"The chain jumps from seq {lastSeq ?? 0} to {seal.Seq}: positions were renumbered.");
        }

        if (entry is null)
        {
            return new AuditVerification(false, count, seal.Seq, seal.EntryId, "The entry sealed at this position is missing: it was deleted after it was sealed.");
        }

        if (seal.Encoding != LegacyEncoding)
        {
            return new AuditVerification(false, count, seal.Seq, seal.EntryId, $"The seal uses encoding {seal.Encoding}, which this version does not know.");
        }

        return ComputeHash(entry, seal).AsSpan().SequenceEqual(seal.Hash)
            ? null
            : new AuditVerification(false, count, seal.Seq, seal.EntryId, "The entry's content does not match its hash: it was changed after it was written.");
    }

    internal static string RecordedAtText(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

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
/// head noted elsewhere earlier can reveal. Entries not yet sealed are counted, with the oldest one's age: the chain
/// is computed shortly after each commit, so a few are normal, and an old one means the sealer is not running.
/// </summary>
public sealed record AuditVerification(
    bool Valid, long EntriesChecked, long? FirstInvalidSeq, Guid? FirstInvalidId, string? Reason, long? HeadSeq = null, string? HeadHash = null)
{
    public long UnsealedEntries { get; init; }

    public DateTimeOffset? OldestUnsealedAt { get; init; }

    public double? OldestUnsealedAgeSeconds { get; init; }
}
