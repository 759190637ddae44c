using System.Buffers.Binary;
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
    public async Task The_chain_covers_the_fields_it_always_did_in_the_keyed_length_prefixed_form()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 4);

        // Written out here, independently of AuditChain: the fields the commit-time chain hashed (seq, id, time, kind,
        // actor, role, purpose, subjects, content, previous hash), each length-prefixed, then the key id; HMAC-SHA256.
        var previous = Array.Empty<byte>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var seal = entry.Seal!;
            var form = new List<byte>();
            void Field(byte[]? value)
            {
                var length = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(length, value is null ? uint.MaxValue : (uint)value.Length);
                form.AddRange(length);
                form.AddRange(value ?? []);
            }

            void Text(string? value) => Field(value is null ? null : Encoding.UTF8.GetBytes(value));
            Text("infosharing.audit/2");
            Text((i + 1).ToString(CultureInfo.InvariantCulture));
            Text(entry.Id.ToString("D"));
            Text(entry.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            Text(entry.Kind);
            Text(entry.Actor);
            Text(entry.ActorRole);
            Text(entry.Purpose);
            Text(entry.SubjectIds.Count.ToString(CultureInfo.InvariantCulture));
            entry.SubjectIds.Order().ToList().ForEach(id => Text(id.ToString("D")));
            Text(entry.Content);
            Field(previous);
            Text(Infra.AuditKeyId);

            Assert.Equal((i + 1, AuditChain.KeyedEncoding, Infra.AuditKeyId), (seal.Seq, seal.Encoding, seal.KeyId));
            Assert.Equal(previous, seal.PreviousHash);
            Assert.Equal(HMACSHA256.HashData(Convert.FromBase64String(Infra.AuditKey), form.ToArray()), seal.Hash);
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

        await using var sealer = await AuditSeeding.LeadAsync(Infra);
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
        Assert.True((await AuditSeeding.VerifyAsync(Infra)).Valid);
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
        var verification = await AuditSeeding.VerifyAsync(Infra);

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
        var leader = await AuditSeeding.TryLeadAsync(Infra);
        var follower = await AuditSeeding.TryLeadAsync(Infra);
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

        await using var successor = await AuditSeeding.TryLeadAsync(Infra);
        Assert.NotNull(successor);
        var round = await successor!.SealAsync(100, CancellationToken.None);

        Assert.Equal((1, 4L), (round.Sealed, round.HeadSeq!.Value));
        var verification = await AuditSeeding.VerifyAsync(Infra);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(4, verification.EntriesChecked);
    }
}
