using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Features.Audit;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace InfoSharing.IntegrationTests.Audit;

/// <summary>
/// A superuser can bypass the append-only triggers and rewrite any row. The seals' HMAC key is not in the database,
/// and signed checkpoints of the head are kept outside it: what such a rewrite leaves behind is caught by verify.
/// </summary>
public sealed class When_a_database_administrator_rewrites_the_audit_chain(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task Changing_an_entry_and_recomputing_every_hash_after_it_fails_verify()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 5);
        var changed = entries[2];
        await AuditSeeding.TamperAsync(Infra, "UPDATE audit.entries SET content = replace(content, 'linked', 'unlinked') WHERE id = $1", changed.Id);
        await AuditSeeding.RehashFromAsync(Infra, changed.Seal!.Seq, AuditChain.KeyedEncoding);

        var verification = await AuditSeeding.VerifyAsync(Infra);

        Assert.False(verification.Valid);
        Assert.Equal(changed.Seal.Seq, verification.FirstInvalidSeq);
        Assert.Contains("changed after it was written", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recomputing_the_keyed_seals_in_the_old_unkeyed_encoding_fails_verify()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 5);
        await AuditSeeding.TamperAsync(Infra, "UPDATE audit.entries SET actor = 'someone-else' WHERE id = $1", entries[3].Id);
        await AuditSeeding.RehashFromAsync(Infra, entries[3].Seal!.Seq, AuditChain.LegacyEncoding);

        var verification = await AuditSeeding.VerifyAsync(Infra);

        Assert.False(verification.Valid);
        Assert.Equal(entries[3].Seal!.Seq, verification.FirstInvalidSeq);
        Assert.Contains("unkeyed encoding 1, after keyed seals from seq 1", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rewriting_the_whole_chain_in_the_old_encoding_fails_against_the_checkpoint()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 4);
        await WriteCheckpointAsync(entries[^1].Seal!);
        await AuditSeeding.TamperAsync(Infra, "UPDATE audit.entries SET actor = 'someone-else' WHERE id = $1", entries[1].Id);
        await AuditSeeding.RehashFromAsync(Infra, 1, AuditChain.LegacyEncoding);

        var verification = await AuditSeeding.VerifyAsync(Infra);

        // Every seal now verifies on its own; only the checkpoint outside the database shows the chain is not the one sealed.
        Assert.False(verification.Valid);
        Assert.Equal(4, verification.FirstInvalidSeq);
        Assert.Contains("not the one the checkpoint", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_last_entries_fails_against_the_sealers_checkpoint_by_endpoint_and_by_command()
    {
        var worker = await StartWorkerAsync(("Audit:CheckpointInterval", "00:00:01"));
        await using (var db = Infra.CreateDbContext())
        {
            for (var i = 0; i < 6; i++)
            {
                db.Record(AuditLog.RelationshipLinked, "test:seed", DateTimeOffset.UtcNow, [Guid.CreateVersion7()], new { change = "linked", n = i });
            }

            await db.SaveChangesAsync();
        }

        await AuditSeeding.WaitUntilSealedAsync(Infra, Patience);
        await StopAsync(worker);
        var checkpoint = AuditCheckpointFiles.ReadLatest(Infra.AuditCheckpointDirectory);
        Assert.NotNull(checkpoint);
        Assert.Equal(6, checkpoint.Value.Checkpoint.Seq);
        Assert.True(checkpoint.Value.Checkpoint.Verifies(Infra.AuditKeys));

        var (api, client) = await Hosts.StartApiAsync(Infra);
        try
        {
            Assert.True((await VerifyByEndpointAsync(client)).GetProperty("valid").GetBoolean());
            await AuditSeeding.TamperAsync(
                Infra, "WITH gone AS (DELETE FROM audit.seals WHERE seq > 4 RETURNING entry_id) DELETE FROM audit.entries WHERE id IN (SELECT entry_id FROM gone)");

            var verification = await VerifyByEndpointAsync(client);
            var (exitCode, output) = await VerifyByCommandAsync(api);
            var (fromLogLine, _) = await VerifyByCommandAsync(api, "--checkpoint", checkpoint.Value.Checkpoint.ToJson());

            Assert.False(verification.GetProperty("valid").GetBoolean());
            Assert.Equal(5, verification.GetProperty("firstInvalidSeq").GetInt64());
            Assert.Equal(4, verification.GetProperty("headSeq").GetInt64());
            Assert.Contains("ends at seq 4, but the checkpoint", verification.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(6, verification.GetProperty("checkpoint").GetProperty("seq").GetInt64());
            Assert.Equal(1, exitCode);
            Assert.Contains("entries were removed from the end", output, StringComparison.Ordinal);
            Assert.Equal(1, fromLogLine);
        }
        finally
        {
            client.Dispose();
            await api.StopAsync();
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cutting_the_tail_and_sealing_new_entries_in_its_place_fails_against_the_checkpoint()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 5);
        await WriteCheckpointAsync(entries[^1].Seal!);
        await AuditSeeding.TamperAsync(
            Infra, "WITH gone AS (DELETE FROM audit.seals WHERE seq > 3 RETURNING entry_id) DELETE FROM audit.entries WHERE id IN (SELECT entry_id FROM gone)");
        await AuditSeeding.AppendAsync(Infra, 3);

        var verification = await AuditSeeding.VerifyAsync(Infra);

        Assert.False(verification.Valid);
        Assert.Equal(5, verification.FirstInvalidSeq);
        Assert.Contains("not the one the checkpoint", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_not_signed_with_the_chains_key_fails_verify()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 3);
        var other = new AuditKeyRing(Infra.AuditKeyId, new Dictionary<string, byte[]> { [Infra.AuditKeyId] = new byte[32] });
        await AuditCheckpointFiles.AppendAsync(
            Infra.AuditCheckpointDirectory, AuditCheckpoint.Sign(entries[^1].Seal!.Seq, entries[^1].Seal!.Hash, DateTimeOffset.UtcNow, other), CancellationToken.None);

        var verification = await AuditSeeding.VerifyAsync(Infra);

        Assert.False(verification.Valid);
        Assert.Contains("does not verify with the configured keys", verification.Reason, StringComparison.Ordinal);
    }

    private Task<string> WriteCheckpointAsync(AuditSeal head) =>
        AuditCheckpointFiles.AppendAsync(Infra.AuditCheckpointDirectory, AuditCheckpoint.Sign(head.Seq, head.Hash, DateTimeOffset.UtcNow, Infra.AuditKeys), CancellationToken.None);

    private static async Task<JsonElement> VerifyByEndpointAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/audit/verify", ApiCalls.Token(Roles.Auditor));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<(int ExitCode, string Output)> VerifyByCommandAsync(WebApplication api, params string[] args)
    {
        await using var output = new StringWriter();
        var exitCode = await VerifyAudit.RunCommandAsync(api.Services, args, output, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString());
    }
}
