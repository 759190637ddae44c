using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace InfoSharing.IntegrationTests.Audit;

/// <summary>
/// A database whose chain was written at commit (positions and SHA-256 hashes on the entries, encoding 1) is migrated
/// once: its entries keep their positions and hashes as seals of encoding 1, still verify, and the sealer carries
/// the chain on in the keyed encoding 2. Uses a database of its own, migrated step by step.
/// </summary>
public sealed class When_the_database_is_upgraded_from_the_commit_time_chain(InfraFixture infra) : IAsyncLifetime
{
    private const string BeforeSealer = "20261126053833_LivePersonIndex";
    private readonly string _database = $"infosharing_it_upgrade_{Guid.NewGuid():N}"[..40];
    private string _connectionString = string.Empty;

    public async ValueTask InitializeAsync()
    {
        await ServerAsync($"CREATE DATABASE \"{_database}\"");
        _connectionString = new NpgsqlConnectionStringBuilder(infra.PostgresConnectionString) { Database = _database }.ConnectionString;
        await using var db = Context();
        await db.GetService<IMigrator>().MigrateAsync(BeforeSealer);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ServerAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    [Fact]
    public async Task The_old_entries_still_verify_and_the_chain_goes_on_keyed()
    {
        var legacy = await WriteLegacyChainAsync(3);
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
            db.Record(AuditLog.RelationshipLinked, "test:after-upgrade", DateTimeOffset.UtcNow, [Guid.CreateVersion7()], new { change = "linked" });
            await db.SaveChangesAsync();
        }

        await using (var sealer = (await AuditSealer.TryLeadAsync(_connectionString, infra.AuditKeys, TimeProvider.System, CancellationToken.None))!)
        {
            Assert.Equal(1, (await sealer.SealAsync(100, CancellationToken.None)).Sealed);
        }

        await using var check = Context();
        var seals = await check.AuditSeals.AsNoTracking().OrderBy(s => s.Seq).ToListAsync();
        var verification = await AuditVerifier.VerifyAsync(check, infra.AuditKeys, TimeProvider.System, null, CancellationToken.None);
        var numbers = await check.AuditEntries.AsNoTracking().OrderBy(e => e.EntryNo).Select(e => e.EntryNo).ToListAsync();

        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(4, verification.EntriesChecked);
        Assert.Equal([1, 1, 1, 2], seals.Select(s => (int)s.Encoding));
        Assert.Equal(legacy, seals.Take(3).Select(s => (s.EntryId, s.Hash)));
        Assert.Equal(seals[2].Hash, seals[3].PreviousHash);
        Assert.Equal([1L, 2L, 3L], numbers.Take(3));
        Assert.True(numbers[3] > 3);
    }

    [Fact]
    public async Task A_changed_old_entry_is_caught()
    {
        var legacy = await WriteLegacyChainAsync(3);
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
        }

        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                "SET session_replication_role = replica; UPDATE audit.entries SET actor = 'someone-else' WHERE id = @id", connection);
            tamper.Parameters.AddWithValue("id", legacy[1].EntryId);
            await tamper.ExecuteNonQueryAsync();
        }

        await using var check = Context();
        var verification = await AuditVerifier.VerifyAsync(check, infra.AuditKeys, TimeProvider.System, null, CancellationToken.None);

        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstInvalidSeq);
    }

    /// <summary>Entries as the commit-time chain wrote them, with its hash written out here (not AuditChain's).</summary>
    private async Task<List<(Guid EntryId, byte[] Hash)>> WriteLegacyChainAsync(int count)
    {
        var written = new List<(Guid, byte[])>();
        var previous = Array.Empty<byte>();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        for (var seq = 1; seq <= count; seq++)
        {
            var id = Guid.CreateVersion7();
            var subject = Guid.CreateVersion7();
            var at = new DateTimeOffset(2026, 11, 20, 9, 0, seq, TimeSpan.Zero).AddTicks(1230);
            var content = $$"""{"change":"linked","relationshipId":"{{subject}}"}""";
            var canonical = string.Join(
                '\n',
                seq.ToString(CultureInfo.InvariantCulture),
                id.ToString("D"),
                at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                AuditLog.RelationshipLinked,
                "worker:linkage",
                string.Empty,
                string.Empty,
                subject.ToString("D"),
                content,
                Convert.ToHexStringLower(previous));
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO audit.entries (id, seq, recorded_at, kind, actor, actor_role, purpose, subject_ids, content, previous_hash, hash)
                VALUES (@id, @seq, @at, @kind, 'worker:linkage', NULL, NULL, @subjects, @content, @previous, @hash)
                """,
                connection);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("seq", (long)seq);
            insert.Parameters.AddWithValue("at", at);
            insert.Parameters.AddWithValue("kind", AuditLog.RelationshipLinked);
            insert.Parameters.AddWithValue("subjects", new[] { subject });
            insert.Parameters.AddWithValue("content", content);
            insert.Parameters.AddWithValue("previous", previous);
            insert.Parameters.AddWithValue("hash", hash);
            await insert.ExecuteNonQueryAsync();
            written.Add((id, hash));
            previous = hash;
        }

        return written;
    }

    private InfoSharingDbContext Context()
    {
        var options = new DbContextOptionsBuilder<InfoSharingDbContext>();
        DataRegistration.Configure(options, _connectionString);
        return new InfoSharingDbContext(options.Options);
    }

    private async Task ServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(infra.PostgresConnectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
