using Npgsql;
using NpgsqlTypes;

namespace InfoSharing.Data.Audit;

/// <summary>
/// Computes the hash chain after the entries' transactions commit: the one sealer of a database (session advisory
/// lock on its own connection) reads entries that have no seal yet, gives them the next positions in entry-number
/// order and inserts their seals. Writers never wait for it.
/// <para>
/// Which entries can still appear: every entry carries its writer's transaction id (<c>writer_xid</c>, from
/// <c>pg_current_xact_id()</c>). A round takes a snapshot S; entries visible in it are committed, so it seals them.
/// After a round that sealed all it saw, an entry can appear later only if its transaction was running at S (its xid
/// is in S's in-progress list) or started after S (xid &gt;= S's xmax), so the next round looks only there. Nothing
/// committed is skipped, a rolled-back transaction (a gap in the entry numbers) is never waited for, and a long
/// transaction delays only its own entries. A new leader starts from the last seal's <c>scan_from</c>: every entry
/// whose writer_xid is below it was sealed when that seal was written.
/// </para>
/// </summary>
public sealed class AuditSealer : IAsyncDisposable
{
    /// <summary>Session advisory lock key held by the database's one sealer ("sealer" in ASCII).</summary>
    public const long LeaderLockKey = 0x7365616C6572;

    private readonly NpgsqlConnection _connection;
    private readonly AuditKeyRing _keys;
    private readonly TimeProvider _time;
    private Snapshot? _sealedThrough;
    private ulong _scanFrom;
    private bool _started;

    private AuditSealer(NpgsqlConnection connection, AuditKeyRing keys, TimeProvider time)
    {
        _connection = connection;
        _keys = keys;
        _time = time;
    }

    /// <summary>
    /// Opens the sealer's own connection (not pooled: closing it ends the session and frees the lock) and tries to
    /// become the database's sealer; null when another process already is.
    /// </summary>
    public static async Task<AuditSealer?> TryLeadAsync(string connectionString, AuditKeyRing keys, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(time);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = "infosharing-audit-sealer",
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LeaderLockKey})", connection);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new AuditSealer(connection, keys, time);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// One round: seals up to <paramref name="maxEntries"/> committed entries that have no seal yet, in one
    /// transaction. <see cref="SealRound.Full"/> means more may be waiting: run again at once.
    /// </summary>
    public async Task<SealRound> SealAsync(int maxEntries, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        await using var transaction = await _connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var (snapshot, head) = await ReadSnapshotAndHeadAsync(transaction, cancellationToken);
        if (!_started)
        {
            _scanFrom = head?.ScanFrom ?? 0;
            _started = true;
        }

        var entries = await ReadUnsealedAsync(transaction, maxEntries, cancellationToken);
        var full = entries.Count == maxEntries;

        // Only a round that sealed everything it could see moves the window on (see the class comment).
        var scanFrom = full ? _scanFrom : snapshot.Xmin;
        var seals = Chain(entries, head, _keys);
        if (seals.Count > 0)
        {
            await InsertAsync(seals, scanFrom, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (!full)
        {
            _sealedThrough = snapshot;
            _scanFrom = scanFrom;
        }

        var now = _time.GetUtcNow();
        return new SealRound(
            seals.Count,
            full,
            seals.Count == 0 ? head?.Seq : seals[^1].Seq,
            seals.Count == 0 ? head?.Hash : seals[^1].Hash,
            entries.Select(e => now - e.RecordedAt).ToList());
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private static List<AuditSeal> Chain(List<AuditEntry> entries, Head? head, AuditKeyRing keys)
    {
        var seals = new List<AuditSeal>(entries.Count);
        var previous = head?.Hash ?? [];
        var seq = head?.Seq ?? 0;
        foreach (var entry in entries)
        {
            var seal = AuditChain.Seal(entry, ++seq, previous, keys);
            seals.Add(seal);
            previous = seal.Hash;
        }

        return seals;
    }

    private async Task<(Snapshot Snapshot, Head? Head)> ReadSnapshotAndHeadAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // The first statement of a REPEATABLE READ transaction fixes its snapshot: the one reported here.
        await using var command = new NpgsqlCommand(
            """
            SELECT pg_snapshot_xmin(snap.s), pg_snapshot_xmax(snap.s), ARRAY(SELECT pg_snapshot_xip(snap.s)), h.seq, h.hash, h.scan_from
            FROM (SELECT pg_current_snapshot() AS s) snap
            LEFT JOIN LATERAL (SELECT seq, hash, scan_from FROM audit.seals ORDER BY seq DESC LIMIT 1) h ON true
            """,
            _connection,
            transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var snapshot = new Snapshot(reader.GetFieldValue<ulong>(0), reader.GetFieldValue<ulong>(1), reader.GetFieldValue<ulong[]>(2));
        var head = reader.IsDBNull(3) ? null : new Head(reader.GetInt64(3), reader.GetFieldValue<byte[]>(4), reader.GetFieldValue<ulong>(5));
        return (snapshot, head);
    }

    private async Task<List<AuditEntry>> ReadUnsealedAsync(NpgsqlTransaction transaction, int maxEntries, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {AuditRows.EntryColumns}
            FROM audit.entries e
            WHERE (e.writer_xid >= $1 OR e.writer_xid = ANY($2))
              AND NOT EXISTS (SELECT 1 FROM audit.seals s WHERE s.entry_id = e.id)
            ORDER BY e.entry_no
            LIMIT $3
            """,
            _connection,
            transaction);

        // After a complete round: only transactions that were running then, or started since. Before one: from scan_from.
        command.Parameters.Add(new NpgsqlParameter<ulong> { NpgsqlDbType = NpgsqlDbType.Xid8, TypedValue = _sealedThrough?.Xmax ?? _scanFrom });
        command.Parameters.Add(new NpgsqlParameter<ulong[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Xid8, TypedValue = _sealedThrough?.InProgress ?? [] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxEntries });
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(AuditRows.ReadEntry(reader, 0));
        }

        return entries;
    }

    private async Task InsertAsync(List<AuditSeal> seals, ulong scanFrom, CancellationToken cancellationToken)
    {
        await using var copy = await _connection.BeginBinaryImportAsync(
            "COPY audit.seals (seq, entry_id, encoding, key_id, previous_hash, hash, scan_from) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var seal in seals)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(seal.Seq, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(seal.EntryId, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(seal.Encoding, NpgsqlDbType.Smallint, cancellationToken);
            if (seal.KeyId is null)
            {
                await copy.WriteNullAsync(cancellationToken);
            }
            else
            {
                await copy.WriteAsync(seal.KeyId, NpgsqlDbType.Text, cancellationToken);
            }

            await copy.WriteAsync(seal.PreviousHash, NpgsqlDbType.Bytea, cancellationToken);
            await copy.WriteAsync(seal.Hash, NpgsqlDbType.Bytea, cancellationToken);
            await copy.WriteAsync(scanFrom, NpgsqlDbType.Xid8, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    private sealed record Snapshot(ulong Xmin, ulong Xmax, ulong[] InProgress);

    private sealed record Head(long Seq, byte[] Hash, ulong ScanFrom);
}

/// <summary>What one sealing round did: how many entries it sealed, whether it stopped at its limit, the chain's head after it, and each entry's wait.</summary>
public sealed record SealRound(int Sealed, bool Full, long? HeadSeq, byte[]? HeadHash, IReadOnlyList<TimeSpan> Delays);
