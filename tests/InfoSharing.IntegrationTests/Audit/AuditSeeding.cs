using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfoSharing.IntegrationTests.Audit;

/// <summary>Writes entries through the real context, seals them with the real sealer, and tampers with them as a superuser would.</summary>
internal static class AuditSeeding
{
    /// <summary>Records <paramref name="count"/> entries in one transaction and seals them; returns them in chain order with their seals.</summary>
    public static async Task<List<AuditEntry>> AppendAsync(InfraFixture infra, int count)
    {
        await using (var db = infra.CreateDbContext())
        {
            for (var i = 0; i < count; i++)
            {
                var subject = Guid.CreateVersion7();
                db.Record(AuditLog.RelationshipLinked, "test:seed", DateTimeOffset.UtcNow, [subject], new { relationshipId = subject, change = "linked", n = i });
            }

            await db.SaveChangesAsync();
        }

        await SealAllAsync(infra);
        return await ChainAsync(infra);
    }

    /// <summary>Every entry with its seal, in chain order (sealed first), as the API lists them.</summary>
    public static async Task<List<AuditEntry>> ChainAsync(InfraFixture infra)
    {
        await using var db = infra.CreateDbContext();
        return await db.AuditEntries.AsNoTracking().Include(e => e.Seal).InChainOrder().ToListAsync();
    }

    /// <summary>Becomes the sealer (no worker may be running) and seals until nothing committed is left.</summary>
    public static async Task<int> SealAllAsync(InfraFixture infra, int batch = 5_000)
    {
        await using var sealer = await LeadAsync(infra);
        var total = 0;
        SealRound round;
        do
        {
            round = await sealer.SealAsync(batch, CancellationToken.None);
            total += round.Sealed;
        }
        while (round.Full);

        return total;
    }

    /// <summary>Becomes the sealer with the run's key, or null when another leads.</summary>
    public static Task<AuditSealer?> TryLeadAsync(InfraFixture infra) =>
        AuditSealer.TryLeadAsync(infra.PostgresConnectionString, infra.AuditKeys, TimeProvider.System, CancellationToken.None);

    public static async Task<AuditSealer> LeadAsync(InfraFixture infra) =>
        await TryLeadAsync(infra) ?? throw new InvalidOperationException("Another sealer holds the lead.");

    /// <summary>Verifies as the API does: the run's key, and the latest checkpoint in the run's directory.</summary>
    public static Task<AuditVerification> VerifyAsync(InfraFixture infra) =>
        infra.QueryAsync(db => AuditVerifier.VerifyAsync(
            db, infra.AuditKeys, TimeProvider.System, AuditCheckpointFiles.ReadLatest(infra.AuditCheckpointDirectory), CancellationToken.None));

    /// <summary>Waits until a running worker's sealer has sealed every committed entry.</summary>
    public static async Task WaitUntilSealedAsync(InfraFixture infra, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await UnsealedAsync(infra) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Audit entries still unsealed after {timeout}.");
            await Task.Delay(50);
        }
    }

    public static Task<int> UnsealedAsync(InfraFixture infra) =>
        infra.QueryAsync(db => db.AuditEntries.CountAsync(e => !db.AuditSeals.Any(s => s.EntryId == e.Id)));

    /// <summary>
    /// What a database superuser without the key can do after changing an entry: recompute every seal from
    /// <paramref name="fromSeq"/> on with a hash anyone can compute (plain SHA-256 over the published canonical form)
    /// so that each links to the one before, with the append-only triggers bypassed.
    /// </summary>
    public static async Task RehashFromAsync(InfraFixture infra, long fromSeq, short encoding)
    {
        var chain = await ChainAsync(infra);
        var previous = chain.Where(e => e.Seal!.Seq < fromSeq).Select(e => e.Seal!.Hash).LastOrDefault() ?? [];
        foreach (var entry in chain.Where(e => e.Seal!.Seq >= fromSeq))
        {
            var seal = entry.Seal!;
            var hash = encoding == AuditChain.LegacyEncoding
                ? AuditChain.ComputeLegacyHash(entry, seal.Seq, previous)
                : System.Security.Cryptography.SHA256.HashData(AuditChain.KeyedCanonicalForm(entry, seal.Seq, previous, seal.KeyId!));
            await TamperAsync(
                infra,
                "UPDATE audit.seals SET encoding = $1, previous_hash = $2, hash = $3 WHERE seq = $4",
                encoding,
                previous,
                hash,
                seal.Seq);
            previous = hash;
        }
    }

    /// <summary>Runs SQL with the append-only triggers bypassed (session_replication_role = replica: superuser only).</summary>
    public static async Task TamperAsync(InfraFixture infra, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(infra.PostgresConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var bypass = new NpgsqlCommand("SET LOCAL session_replication_role = replica", connection, transaction))
        {
            await bypass.ExecuteNonQueryAsync();
        }

        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            }

            Assert.True(await command.ExecuteNonQueryAsync() >= 1, "The tampering changed nothing.");
        }

        await transaction.CommitAsync();
    }
}
