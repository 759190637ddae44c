using InfoSharing.Data;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfoSharing.IntegrationTests.Identity;

/// <summary>
/// The hosts connect as the application role, which owns nothing (decision 0018): on the audit log it may insert and
/// read, and nothing else, so a compromised host cannot rewrite history or switch off the append-only triggers.
/// </summary>
public sealed class When_the_application_role_tries_to_rewrite_the_audit_log(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task It_may_append_and_read_but_not_change_remove_or_unprotect()
    {
        var options = new DbContextOptionsBuilder<InfoSharingDbContext>();
        DataRegistration.Configure(options, Infra.ApplicationConnectionString);
        await using (var db = new InfoSharingDbContext(options.Options))
        {
            db.Record(AuditLog.RelationshipLinked, "test:app-role", DateTimeOffset.UtcNow, [Guid.CreateVersion7()], new { n = 1 });
            await db.SaveChangesAsync();
            Assert.Equal(1, await db.AuditEntries.CountAsync());
        }

        await using var connection = new NpgsqlConnection(Infra.ApplicationConnectionString);
        await connection.OpenAsync();
        var refusals = new List<string>();
        foreach (var sql in new[]
        {
            "UPDATE audit.entries SET actor = 'someone-else'",
            "DELETE FROM audit.entries",
            "TRUNCATE audit.entries",
            "ALTER TABLE audit.entries DISABLE TRIGGER ALL",
            "DROP TRIGGER entries_append_only ON audit.entries",
            "SET session_replication_role = replica",
            "CREATE TABLE audit.shadow (id int)",
            "CREATE TABLE public.shadow (id int)",
            "DROP TABLE audit.entries",
            "ALTER TABLE ingest.inbound_messages ADD COLUMN extra int",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Record.ExceptionAsync(() => command.ExecuteNonQueryAsync());
            if (refused is not PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege })
            {
                refusals.Add($"{sql}: {(refused is null ? "allowed" : refused.GetType().Name + " " + (refused as PostgresException)?.SqlState)}");
            }
        }

        Assert.True(refusals.Count == 0, "Not refused with insufficient-privilege: " + string.Join("; ", refusals));
        await using var owns = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) FROM pg_roles r WHERE rolname = current_user",
            connection);
        Assert.Equal(0L, await owns.ExecuteScalarAsync());
    }
}
