using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Features.Audit;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace InfoSharing.IntegrationTests.Audit;

public sealed class When_someone_edits_the_audit_log_behind_the_services_back(InfraFixture infra) : IntegrationTest(infra)
{
    private WebApplication? _api;
    private HttpClient _client = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        (_api, _client) = await Hosts.StartApiAsync(Infra);
    }

    public override async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_api is not null)
        {
            await _api.StopAsync();
            await _api.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task An_untouched_chain_verifies_by_endpoint_and_by_command()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 5);

        var verification = await VerifyByEndpointAsync();
        var (exitCode, output) = await VerifyByCommandAsync();

        Assert.True(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(5, verification.GetProperty("entriesChecked").GetInt64());
        Assert.Equal(entries[^1].Seal!.Seq, verification.GetProperty("headSeq").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(entries[^1].Seal!.Hash), verification.GetProperty("headHash").GetString());
        Assert.Equal(0, verification.GetProperty("unsealedEntries").GetInt64());
        Assert.Equal(0, exitCode);
        Assert.StartsWith("Audit log intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_names_the_entry_whose_content_was_changed()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 5);
        var changed = entries[2];
        await AuditSeeding.TamperAsync(Infra, "UPDATE audit.entries SET content = replace(content, 'linked', 'unlinked') WHERE id = $1", changed.Id);

        var verification = await VerifyByEndpointAsync();
        var (exitCode, output) = await VerifyByCommandAsync();

        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(changed.Seal!.Seq, verification.GetProperty("firstInvalidSeq").GetInt64());
        Assert.Equal(changed.Id, verification.GetProperty("firstInvalidId").GetGuid());
        Assert.Contains("changed after it was written", verification.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, exitCode);
        Assert.Contains($"BROKEN at seq {changed.Seal!.Seq} (entry {changed.Id})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_names_the_entry_after_one_that_was_deleted()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 5);
        await AuditSeeding.TamperAsync(Infra, "WITH seal AS (DELETE FROM audit.seals WHERE entry_id = $1) DELETE FROM audit.entries WHERE id = $1", entries[1].Id);

        var verification = await VerifyByEndpointAsync();
        var (exitCode, _) = await VerifyByCommandAsync();

        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(entries[2].Seal!.Seq, verification.GetProperty("firstInvalidSeq").GetInt64());
        Assert.Contains($"does not follow entry {entries[0].Seal!.Seq}", verification.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task Verify_names_a_sealed_entry_that_was_deleted_without_its_seal()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 3);
        await AuditSeeding.TamperAsync(Infra, "DELETE FROM audit.entries WHERE id = $1", entries[1].Id);

        var verification = await VerifyByEndpointAsync();

        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(entries[1].Seal!.Seq, verification.GetProperty("firstInvalidSeq").GetInt64());
        Assert.Contains("deleted after it was sealed", verification.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_counts_the_entries_waiting_for_the_sealer_and_the_oldest_ones_age()
    {
        await AuditSeeding.AppendAsync(Infra, 2);
        await using (var db = Infra.CreateDbContext())
        {
            db.Record(AuditLog.RelationshipLinked, "test:late", DateTimeOffset.UtcNow.AddMinutes(-3), [Guid.CreateVersion7()], new { change = "linked" });
            db.Record(AuditLog.RelationshipLinked, "test:late", DateTimeOffset.UtcNow, [Guid.CreateVersion7()], new { change = "linked" });
            await db.SaveChangesAsync();
        }

        var verification = await VerifyByEndpointAsync();
        var (exitCode, output) = await VerifyByCommandAsync();

        Assert.True(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(2, verification.GetProperty("entriesChecked").GetInt64());
        Assert.Equal(2, verification.GetProperty("unsealedEntries").GetInt64());
        Assert.InRange(verification.GetProperty("oldestUnsealedAgeSeconds").GetDouble(), 175, 600);
        Assert.Equal(0, exitCode);
        // The endpoint's own read is one more entry waiting by the time the command runs.
        Assert.Contains("3 entries not yet sealed, the oldest recorded 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_sees_that_the_first_entry_was_deleted()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 3);
        await AuditSeeding.TamperAsync(Infra, "WITH seal AS (DELETE FROM audit.seals WHERE entry_id = $1) DELETE FROM audit.entries WHERE id = $1", entries[0].Id);

        var verification = await VerifyByEndpointAsync();

        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(entries[1].Seal!.Seq, verification.GetProperty("firstInvalidSeq").GetInt64());
        Assert.Contains("entries before it are missing", verification.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_update_delete_or_truncate_is_refused_by_the_database()
    {
        var entries = await AuditSeeding.AppendAsync(Infra, 2);
        await using var connection = new NpgsqlConnection(Infra.PostgresConnectionString);
        await connection.OpenAsync();

        foreach (var sql in new[]
        {
            $"UPDATE audit.entries SET actor = 'someone-else' WHERE id = '{entries[0].Id}'",
            $"DELETE FROM audit.entries WHERE id = '{entries[1].Id}'",
            "TRUNCATE audit.entries CASCADE",
            $"UPDATE audit.seals SET hash = previous_hash WHERE entry_id = '{entries[0].Id}'",
            $"DELETE FROM audit.seals WHERE entry_id = '{entries[1].Id}'",
            "TRUNCATE audit.seals",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.True((await VerifyByEndpointAsync()).GetProperty("valid").GetBoolean());
    }

    private async Task<JsonElement> VerifyByEndpointAsync()
    {
        using var response = await _client.GetAsync("/api/audit/verify", ApiCalls.Token(Roles.Auditor));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(int ExitCode, string Output)> VerifyByCommandAsync(params string[] args)
    {
        await using var output = new StringWriter();
        var exitCode = await VerifyAudit.RunCommandAsync(_api!.Services, args, output, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString());
    }
}
