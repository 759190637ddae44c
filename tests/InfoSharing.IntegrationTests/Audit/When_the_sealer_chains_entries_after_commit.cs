using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Audit;

public sealed class When_the_sealer_chains_entries_after_commit(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task The_chain_has_the_form_it_had_when_entries_were_chained_at_commit()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 4);

        // Written out here, independently of AuditChain: the fields and form the commit-time chain hashed.
        var previous = Array.Empty<byte>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var seal = entry.Seal!;
            var canonical = string.Join(
                '\n',
                (i + 1).ToString(CultureInfo.InvariantCulture),
                entry.Id.ToString("D"),
                entry.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                entry.Kind,
                entry.Actor,
                entry.ActorRole ?? string.Empty,
                entry.Purpose ?? string.Empty,
                string.Join(',', entry.SubjectIds.Order().Select(g => g.ToString("D"))),
                entry.Content,
                Convert.ToHexStringLower(previous));
            Assert.Equal(i + 1, seal.Seq);
            Assert.Equal(previous, seal.PreviousHash);
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)), seal.Hash);
            previous = seal.Hash;
        }

        // The order they were recorded in, within the transaction.
        Assert.Equal(entries.Select(e => e.EntryNo).Order(), entries.Select(e => e.EntryNo));
        Assert.Equal([0, 1, 2, 3], entries.Select(e => System.Text.Json.JsonDocument.Parse(e.Content).RootElement.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task An_entry_that_commits_after_a_later_number_is_sealed_after_it_and_a_rollback_is_not_waited_for()
    {
        // A takes its number first and stays open; B, numbered after it, commits; C rolls back.
        await using var a = Infra.CreateDbContext();
        await using var aTransaction = await a.Database.BeginTransactionAsync();
        var slow = a.Record(AuditLog.RelationshipLinked, "test:slow", DateTimeOffset.UtcNow, [Guid.CreateVersion7()], new { change = "linked" });
        await a.SaveChangesAsync();

        await using (var c = Infra.CreateDbContext())
        {
            await using var cTransaction = await c.Database.BeginTransactionAsync();
            c.Record(AuditLog.RelationshipLinked, "test:rolled-back", DateTimeOffset.UtcNow, [Guid.CreateVersion7()], new { change = "linked" });
            await c.SaveChangesAsync();
            await cTransaction.RollbackAsync();
        }

        AuditEntry fast;
        await using (var b = Infra.CreateDbContext())
        {
            fast = b.Record(AuditLog.RelationshipLinked, "test:fast", DateTimeOffset.UtcNow, [Guid.CreateVersion7()], new { change = "linked" });
            await b.SaveChangesAsync();
        }

        await using var sealer = (await AuditSealer.TryLeadAsync(Infra.PostgresConnectionString, TimeProvider.System, CancellationToken.None))!;
        var first = await sealer.SealAsync(100, CancellationToken.None);
        await aTransaction.CommitAsync();
        var second = await sealer.SealAsync(100, CancellationToken.None);
        var third = await sealer.SealAsync(100, CancellationToken.None);

        Assert.True(slow.EntryNo < fast.EntryNo);
        Assert.Equal((1, 1L), (first.Sealed, first.HeadSeq!.Value));
        Assert.Equal((1, 2L), (second.Sealed, second.HeadSeq!.Value));
        Assert.Equal(0, third.Sealed);
        var chain = await AuditSeeding.ChainAsync(Infra);
        Assert.Equal([(fast.Id, 1L), (slow.Id, 2L)], chain.Select(e => (e.Id, e.Seal!.Seq)));
        Assert.True((await Infra.QueryAsync(db => AuditChain.VerifyAsync(db, TimeProvider.System, CancellationToken.None))).Valid);
    }

    [Fact]
    public async Task Concurrent_writers_on_several_connections_end_in_one_valid_chain_with_every_entry_sealed_once()
    {
        // Two replicas: one seals, the other waits to take over. Writers on their own connections commit, roll back
        // and hold transactions open while others commit.
        await StartWorkerAsync(("Audit:Sealer:PollInterval", "00:00:00.020"), ("Audit:Sealer:BatchSize", "7"));
        await StartWorkerAsync(("Audit:Sealer:PollInterval", "00:00:00.020"), ("Audit:Sealer:BatchSize", "7"), ("Audit:Sealer:LeaderRetryInterval", "00:00:00.100"));
        var committed = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var rolledBack = new System.Collections.Concurrent.ConcurrentBag<Guid>();

        await Parallel.ForAsync(0, 8, async (writer, token) =>
        {
            var random = new Random(writer);
            for (var t = 0; t < 25; t++)
            {
                await using var db = Infra.CreateDbContext();
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var ids = Enumerable.Range(0, random.Next(1, 4))
                    .Select(_ => db.Record(AuditLog.RelationshipLinked, $"test:writer-{writer}", DateTimeOffset.UtcNow, [Guid.CreateVersion7()], new { writer, t }).Id)
                    .ToList();
                await db.SaveChangesAsync(token);
                if (random.Next(6) == 0)
                {
                    await Task.Delay(random.Next(20, 120), token);
                }

                if (random.Next(8) == 0)
                {
                    await transaction.RollbackAsync(token);
                    ids.ForEach(rolledBack.Add);
                }
                else
                {
                    await transaction.CommitAsync(token);
                    ids.ForEach(committed.Add);
                }
            }
        });

        await AuditSeeding.WaitUntilSealedAsync(Infra, Patience);
        var chain = await AuditSeeding.ChainAsync(Infra);
        var seals = await Infra.QueryAsync(db => db.AuditSeals.AsNoTracking().OrderBy(s => s.Seq).ToListAsync());
        var verification = await Infra.QueryAsync(db => AuditChain.VerifyAsync(db, TimeProvider.System, CancellationToken.None));

        Assert.NotEmpty(rolledBack);
        Assert.Equal(committed.Order(), chain.Select(e => e.Id).Order());
        Assert.Equal(Enumerable.Range(1, committed.Count).Select(i => (long)i), seals.Select(s => s.Seq));
        Assert.Equal(seals.Count, seals.Select(s => s.EntryId).Distinct().Count());
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(committed.Count, verification.EntriesChecked);
        Assert.Equal(0, verification.UnsealedEntries);
    }

    [Fact]
    public async Task Only_one_sealer_leads_and_another_takes_over_the_chain_when_it_stops()
    {
        await AuditSeeding.AppendAsync(Infra, 2);
        var leader = await AuditSealer.TryLeadAsync(Infra.PostgresConnectionString, TimeProvider.System, CancellationToken.None);
        var follower = await AuditSealer.TryLeadAsync(Infra.PostgresConnectionString, TimeProvider.System, CancellationToken.None);
        Assert.NotNull(leader);
        Assert.Null(follower);

        await using (var db = Infra.CreateDbContext())
        {
            db.Record(AuditLog.RelationshipLinked, "test:one", DateTimeOffset.UtcNow, [Guid.CreateVersion7()], new { change = "linked" });
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, (await leader!.SealAsync(100, CancellationToken.None)).Sealed);
        await leader.DisposeAsync();
        await using (var db = Infra.CreateDbContext())
        {
            db.Record(AuditLog.RelationshipLinked, "test:two", DateTimeOffset.UtcNow, [Guid.CreateVersion7()], new { change = "linked" });
            await db.SaveChangesAsync();
        }

        await using var successor = await AuditSealer.TryLeadAsync(Infra.PostgresConnectionString, TimeProvider.System, CancellationToken.None);
        Assert.NotNull(successor);
        var round = await successor!.SealAsync(100, CancellationToken.None);

        Assert.Equal((1, 4L), (round.Sealed, round.HeadSeq!.Value));
        var verification = await Infra.QueryAsync(db => AuditChain.VerifyAsync(db, TimeProvider.System, CancellationToken.None));
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(4, verification.EntriesChecked);
    }
}
