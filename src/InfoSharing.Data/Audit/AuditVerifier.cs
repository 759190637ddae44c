using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfoSharing.Data.Audit;

/// <summary>Walks the whole chain, checks each seal and the checkpoint it was given, and counts what is not sealed yet.</summary>
public static class AuditVerifier
{
    private const int PageSize = 5_000;

    /// <summary>
    /// Returns the first seal that does not verify, or the head when all do; with <paramref name="checkpoint"/>, also
    /// fails when the chain has another hash at the checkpoint's position or ends before it (entries removed from
    /// the end). Counts the entries still waiting for the sealer and the oldest one's age.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(
        InfoSharingDbContext db, AuditKeyRing keys, TimeProvider time, (AuditCheckpoint Checkpoint, string Source)? checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(time);
        var walk = new Walk(keys, checkpoint?.Checkpoint);
        AuditVerification? broken = checkpoint is { } given && !given.Checkpoint.Verifies(keys)
            ? walk.Fail(given.Checkpoint.Seq, null, $"The checkpoint ({given.Source}) does not verify with the configured keys: it was forged, altered or made with a key that is not configured.")
            : null;

        // Page by position: an index range on seals, each entry looked up by id (LATERAL ... LIMIT 1 keeps the plan a
        // nested loop; a plain join lets the planner hash or merge the whole entries table for every page).
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            var after = 0L;
            while (broken is null)
            {
                var links = await PageAsync(connection, after, cancellationToken);
                if (links.Count == 0)
                {
                    break;
                }

                foreach (var (seal, entry) in links)
                {
                    broken = walk.Next(seal, entry);
                    if (broken is not null)
                    {
                        break;
                    }
                }

                after = links[^1].Seal.Seq;
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        broken ??= walk.End();
        var waiting = db.AuditEntries.AsNoTracking().Where(e => !db.AuditSeals.Any(s => s.EntryId == e.Id));
        var unsealed = await waiting.LongCountAsync(cancellationToken);
        var oldest = unsealed == 0 ? null : await waiting.MinAsync(e => (DateTimeOffset?)e.RecordedAt, cancellationToken);
        var now = time.GetUtcNow();
        var result = broken ?? new AuditVerification(true, walk.Count, null, null, null, walk.LastSeq, walk.LastSeq is null ? null : Convert.ToHexStringLower(walk.Previous));
        return result with
        {
            UnsealedEntries = unsealed,
            OldestUnsealedAt = oldest,
            OldestUnsealedAgeSeconds = oldest is { } at ? Math.Max(0, (now - at).TotalSeconds) : null,
            Checkpoint = checkpoint is { } c
                ? new AuditCheckpointReport(c.Checkpoint.Seq, c.Checkpoint.Hash, c.Checkpoint.At, c.Source, Math.Max(0, (now - c.Checkpoint.At).TotalSeconds))
                : null,
        };
    }

    private static async Task<List<(AuditSeal Seal, AuditEntry? Entry)>> PageAsync(NpgsqlConnection connection, long after, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT s.seq, s.entry_id, s.encoding, s.key_id, s.previous_hash, s.hash, s.sealed_at, e.*
            FROM (SELECT * FROM audit.seals WHERE seq > $1 ORDER BY seq LIMIT $2) s
            LEFT JOIN LATERAL (SELECT {AuditRows.EntryColumns} FROM audit.entries x WHERE x.id = s.entry_id LIMIT 1) e ON true
            ORDER BY s.seq
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PageSize });
        var links = new List<(AuditSeal, AuditEntry?)>(PageSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var seal = new AuditSeal
            {
                Seq = reader.GetInt64(0),
                EntryId = reader.GetGuid(1),
                Encoding = reader.GetInt16(2),
                KeyId = reader.IsDBNull(3) ? null : reader.GetString(3),
                PreviousHash = reader.GetFieldValue<byte[]>(4),
                Hash = reader.GetFieldValue<byte[]>(5),
                SealedAt = reader.GetFieldValue<DateTimeOffset>(6),
            };
            links.Add((seal, reader.IsDBNull(7) ? null : AuditRows.ReadEntry(reader, 7)));
        }

        return links;
    }

    /// <summary>The latest checkpoint in the configured directory, if any.</summary>
    public static (AuditCheckpoint Checkpoint, string Source)? LatestCheckpoint(AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.CheckpointDirectory) ? null : AuditCheckpointFiles.ReadLatest(options.CheckpointDirectory);
    }

    private sealed class Walk(AuditKeyRing keys, AuditCheckpoint? checkpoint)
    {
        private long? _keyedSince;

        public byte[] Previous { get; private set; } = [];

        public long Count { get; private set; }

        public long? LastSeq { get; private set; }

        public AuditVerification? Next(AuditSeal seal, AuditEntry? entry)
        {
            Count++;
            var problem = Problem(seal, entry);
            if (problem is not null)
            {
                return Fail(seal.Seq, seal.EntryId, problem);
            }

            if (checkpoint is not null && seal.Seq == checkpoint.Seq && Convert.ToHexStringLower(seal.Hash) != checkpoint.Hash)
            {
                return Fail(seal.Seq, seal.EntryId, $"The chain's hash at seq {seal.Seq} is not the one the checkpoint of {checkpoint.At:O} recorded: the chain was rewritten at or before this position.");
            }

            _keyedSince ??= seal.Encoding == AuditChain.KeyedEncoding ? seal.Seq : null;
            Previous = seal.Hash;
            LastSeq = seal.Seq;
            return null;
        }

        public AuditVerification? End() => checkpoint is not null && (LastSeq ?? 0) < checkpoint.Seq
            ? Fail((LastSeq ?? 0) + 1, null, $"The chain ends at seq {LastSeq ?? 0}, but the checkpoint of {checkpoint.At:O} recorded seq {checkpoint.Seq}: entries were removed from the end.")
            : null;

        public AuditVerification Fail(long seq, Guid? entryId, string reason) => new(false, Count, seq, entryId, reason, LastSeq, LastSeq is null ? null : Convert.ToHexStringLower(Previous));

        private string? Problem(AuditSeal seal, AuditEntry? entry)
        {
            if (!seal.PreviousHash.AsSpan().SequenceEqual(Previous))
            {
                return LastSeq is null
                    ? "The first entry does not start the chain: entries before it are missing."
                    : $"The entry does not follow entry {LastSeq}: an entry between them was removed or the order changed.";
            }

            if (seal.Seq != (LastSeq ?? 0) + 1)
            {
                return $"The chain jumps from seq {LastSeq ?? 0} to {seal.Seq}: positions were renumbered.";
            }

            if (entry is null)
            {
                return "The entry sealed at this position is missing: it was deleted after it was sealed.";
            }

            switch (seal.Encoding)
            {
                case AuditChain.LegacyEncoding when _keyedSince is { } since:
                    return $"The seal is in the unkeyed encoding 1, after keyed seals from seq {since}: seals were recomputed without the key.";
                case AuditChain.LegacyEncoding:
                    break;
                case AuditChain.KeyedEncoding when !keys.Knows(seal.KeyId):
                    return $"The seal uses key '{seal.KeyId}', which is not configured (Audit:ChainKeys): keep retired keys to verify their seals.";
                case AuditChain.KeyedEncoding:
                    break;
                default:
                    return $"The seal uses encoding {seal.Encoding}, which this version does not know.";
            }

            return AuditChain.ComputeHash(entry, seal, keys).AsSpan().SequenceEqual(seal.Hash)
                ? null
                : "The entry's content does not match its hash: it was changed after it was written.";
        }
    }
}

/// <summary>
/// The result of walking the chain: how many entries were checked, and the first that failed. When the chain is
/// intact, the head (last seq and its hash). Entries not yet sealed are counted, with the oldest one's age: the chain
/// is computed shortly after each commit, so a few are normal, and an old one means the sealer is not running.
/// <see cref="Checkpoint"/> is the signed checkpoint the chain was checked against (null when none was found: then
/// a chain cut short at its end cannot be told from a complete one).
/// </summary>
public sealed record AuditVerification(
    bool Valid, long EntriesChecked, long? FirstInvalidSeq, Guid? FirstInvalidId, string? Reason, long? HeadSeq = null, string? HeadHash = null)
{
    public long UnsealedEntries { get; init; }

    public DateTimeOffset? OldestUnsealedAt { get; init; }

    public double? OldestUnsealedAgeSeconds { get; init; }

    public AuditCheckpointReport? Checkpoint { get; init; }
}

/// <summary>The checkpoint a verification was checked against: its position, hash, when it was written, where it was read, and its age.</summary>
public sealed record AuditCheckpointReport(long Seq, string Hash, DateTimeOffset At, string Source, double AgeSeconds);
