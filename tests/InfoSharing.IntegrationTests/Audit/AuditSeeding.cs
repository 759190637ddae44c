using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfoSharing.IntegrationTests.Audit;

/// <summary>Writes entries through the real chain (the context's save), and tampers with them as a superuser would.</summary>
internal static class AuditSeeding
{
    public static async Task<List<AuditEntry>> AppendAsync(InfraFixture infra, int count)
    {
        await using var db = infra.CreateDbContext();
        for (var i = 0; i < count; i++)
        {
            var subject = Guid.CreateVersion7();
            db.Record(AuditLog.RelationshipLinked, "test:seed", DateTimeOffset.UtcNow, [subject], new { relationshipId = subject, change = "linked", n = i });
        }

        await db.SaveChangesAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).ToListAsync();
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

            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await transaction.CommitAsync();
    }
}
