using Microsoft.EntityFrameworkCore;

namespace InfoSharing.Data;

/// <summary>
/// The application's database role owns nothing (decision 0018). The migration role owns every schema and table and
/// runs <c>migrate</c>, which ends by granting the application role what the hosts use: USAGE on each schema, SELECT,
/// INSERT, UPDATE and DELETE on its tables, and on the audit schema SELECT and INSERT only, so that the hosts can
/// neither change nor remove an audit entry, nor disable the append-only triggers (only an owner can), nor TRUNCATE.
/// Idempotent; re-run after every migration, so new tables are covered.
/// </summary>
public static class DatabaseRoles
{
    public const string AuditSchema = "audit";

    // The role name travels as a setting read inside the block and quoted with %I: never spliced into SQL text.
    private const string GrantSql = """
        DO $$
        DECLARE
          app text := current_setting('infosharing.application_role');
          s text;
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
            RAISE EXCEPTION 'The application role % does not exist: create it (deploy/postgres/roles.sql) before migrate, or leave Database:ApplicationRole unset.', app;
          END IF;
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app AND (rolsuper OR rolbypassrls)) OR app = current_user THEN
            RAISE EXCEPTION 'The application role % is a superuser or the migration role itself; it must own nothing and bypass nothing.', app;
          END IF;
          FOR s IN
            SELECT n.nspname FROM pg_namespace n
            WHERE n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
              AND n.nspname NOT LIKE 'pg\_%' AND n.nspname NOT IN ('information_schema', 'public')
          LOOP
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, app);
            EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', s, app);
            IF s = 'audit' THEN
              EXECUTE format('GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA %I TO %I', s, app);
            ELSE
              EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', s, app);
            END IF;
            EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', s, app);
          END LOOP;
          EXECUTE format('REVOKE CREATE ON SCHEMA public FROM %I', app);
        END $$;
        """;

    /// <summary>Grants <paramref name="applicationRole"/> what the hosts need, as the owner of the schemas (the migration role).</summary>
    public static async Task GrantApplicationRoleAsync(InfoSharingDbContext db, string applicationRole, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(applicationRole);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT set_config('infosharing.application_role', {applicationRole}, true)", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(GrantSql, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
