using System.Net.Http.Headers;
using System.Text;
using System.Security.Cryptography;
using InfoSharing.Data;
using InfoSharing.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>
/// One real PostgreSQL database and one RabbitMQ virtual host per test run, both named uniquely so that runs never
/// see each other's data or queues. Tests reset both before they start.
/// </summary>
public sealed class InfraFixture : IAsyncLifetime
{
    private readonly string _runId = Guid.NewGuid().ToString("N")[..10];
    private Containers? _containers;
    private TestSettings _settings = TestSettings.LocalDefaults;

    /// <summary>This run's database as a superuser: for resetting it, and for tests that act as a database administrator.</summary>
    public string PostgresConnectionString { get; private set; } = string.Empty;

    /// <summary>This run's database as the application role (what the worker and the API connect as): owns nothing.</summary>
    public string ApplicationConnectionString { get; private set; } = string.Empty;

    /// <summary>This run's database as the migration role, which owns it.</summary>
    public string MigrationConnectionString { get; private set; } = string.Empty;

    public string ApplicationRole => $"infosharing_app_{_runId}";

    public string MigrationRole => $"infosharing_migrator_{_runId}";

    public string RabbitMqUri { get; private set; } = string.Empty;

    public string VirtualHost => $"infosharing-it-{_runId}";

    /// <summary>This run's broker users, one per user of deploy/rabbitmq/definitions.json, with its permissions.</summary>
    internal BrokerDefinitions Definitions { get; private set; } = null!;

    /// <summary>The broker user this run created for a definitions user (an agency code, infosharing-worker...).</summary>
    public string BrokerUser(string name) => Definitions.UserOf(name);

    /// <summary>The AMQP URI of this run's vhost, connected as the definitions user <paramref name="name"/>.</summary>
    public string RabbitMqUriAs(string name) =>
        new UriBuilder(RabbitMqUri) { UserName = Uri.EscapeDataString(Definitions.UserOf(name)), Password = Definitions.PasswordOf(name) }.Uri.ToString();

    /// <summary>The RabbitMQ management API (with its credentials), for hosts that read queue depths from it.</summary>
    public Uri RabbitMqManagement => _settings.RabbitMqManagement;

    /// <summary>This run's audit chain key (the hosts are given it as a deployment's secret store would).</summary>
    public string AuditKeyId { get; } = "test-run";

    public string AuditKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public AuditKeyRing AuditKeys => new(AuditKeyId, new Dictionary<string, byte[]> { [AuditKeyId] = Convert.FromBase64String(AuditKey) });

    /// <summary>This run's audit checkpoint directory, emptied with the database before each test.</summary>
    public string AuditCheckpointDirectory { get; } = Path.Combine(Path.GetTempPath(), $"infosharing-it-checkpoints-{Guid.NewGuid():N}");

    private string DatabaseName => $"infosharing_it_{_runId}";

    public async ValueTask InitializeAsync()
    {
        var settings = TestSettings.FromEnvironment();
        if (settings is null && await Containers.TryStartAsync() is { } started)
        {
            _containers = started.Containers;
            settings = started.Settings;
        }

        _settings = settings ?? TestSettings.LocalDefaults;
        await CreateDatabaseAsync();
        await CreateVirtualHostAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(_settings.PostgresServer))
        {
            await admin.OpenAsync();
            foreach (var sql in new[]
            {
                $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)",
                $"DROP ROLE IF EXISTS \"{ApplicationRole}\"",
                $"DROP ROLE IF EXISTS \"{MigrationRole}\"",
            })
            {
                await using var drop = new NpgsqlCommand(sql, admin);
                await drop.ExecuteNonQueryAsync();
            }
        }

        using var http = ManagementClient();
        await http.DeleteAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(VirtualHost)}", UriKind.Relative));
        await Definitions.DeleteUsersAsync();
        if (Directory.Exists(AuditCheckpointDirectory))
        {
            Directory.Delete(AuditCheckpointDirectory, recursive: true);
        }

        if (_containers is not null)
        {
            await _containers.DisposeAsync();
        }
    }

    public InfoSharingDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<InfoSharingDbContext>();
        DataRegistration.Configure(options, PostgresConnectionString);
        return new InfoSharingDbContext(options.Options);
    }

    public async Task<T> QueryAsync<T>(Func<InfoSharingDbContext, Task<T>> query)
    {
        await using var db = CreateDbContext();
        return await query(db);
    }

    /// <summary>Empties every table and every queue: each test starts from nothing.</summary>
    public async Task ResetAsync()
    {
        await using (var db = CreateDbContext())
        {
            // Every table of the service's schemas, so that a new table is reset without anyone remembering to.
            // The audit log refuses TRUNCATE by trigger; the test database is reset with triggers off (superuser only).
            await db.Database.ExecuteSqlRawAsync("""
                SET session_replication_role = replica;
                DO $$
                DECLARE tables text;
                BEGIN
                  SELECT string_agg(format('%I.%I', table_schema, table_name), ', ') INTO tables
                  FROM information_schema.tables
                  WHERE table_type = 'BASE TABLE' AND table_schema IN ('ingest', 'person', 'linkage', 'flags', 'messaging', 'audit', 'terminology', 'web');
                  EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE';
                END $$;
                SET session_replication_role = origin;
                """);
        }

        // The chain's checkpoints belong to the database just emptied.
        if (Directory.Exists(AuditCheckpointDirectory))
        {
            Directory.Delete(AuditCheckpointDirectory, recursive: true);
        }

        await Definitions.ApplyPermissionsAsync();
        await using var broker = await Broker.ConnectAsync(this);
        await broker.PurgeAllAsync();
    }

    /// <summary>
    /// As deploy/postgres/roles.sql sets up a deployment, with roles of this run's own (roles are cluster-wide): the
    /// migration role owns the database and runs the migrations and grants; the hosts connect as the application role.
    /// </summary>
    private async Task CreateDatabaseAsync()
    {
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using (var admin = new NpgsqlConnection(_settings.PostgresServer))
        {
            await admin.OpenAsync();
            foreach (var sql in new[]
            {
                $"CREATE ROLE \"{MigrationRole}\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}'",
                $"CREATE ROLE \"{ApplicationRole}\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}'",
                $"CREATE DATABASE \"{DatabaseName}\" OWNER \"{MigrationRole}\"",
                $"REVOKE ALL ON DATABASE \"{DatabaseName}\" FROM PUBLIC",
                $"GRANT CONNECT, TEMPORARY ON DATABASE \"{DatabaseName}\" TO \"{ApplicationRole}\"",
            })
            {
                await using var command = new NpgsqlCommand(sql, admin);
                await command.ExecuteNonQueryAsync();
            }
        }

        PostgresConnectionString = new NpgsqlConnectionStringBuilder(_settings.PostgresServer) { Database = DatabaseName }.ConnectionString;
        ApplicationConnectionString = RoleConnectionString(ApplicationRole, password);
        MigrationConnectionString = RoleConnectionString(MigrationRole, password);
        var options = new DbContextOptionsBuilder<InfoSharingDbContext>();
        DataRegistration.Configure(options, MigrationConnectionString);
        await using var db = new InfoSharingDbContext(options.Options);
        await db.Database.MigrateAsync();
        await DatabaseRoles.GrantApplicationRoleAsync(db, ApplicationRole);
    }

    private string RoleConnectionString(string role, string password) =>
        new NpgsqlConnectionStringBuilder(_settings.PostgresServer) { Database = DatabaseName, Username = role, Password = password }.ConnectionString;

    private async Task CreateVirtualHostAsync()
    {
        using var http = ManagementClient();
        var vhost = Uri.EscapeDataString(VirtualHost);
        (await http.PutAsync(new Uri($"api/vhosts/{vhost}", UriKind.Relative), Json("{}"))).EnsureSuccessStatusCode();
        var user = Uri.EscapeDataString(Uri.UnescapeDataString(_settings.RabbitMq.UserInfo.Split(':')[0]));
        (await http.PutAsync(new Uri($"api/permissions/{vhost}/{user}", UriKind.Relative), Json("""{"configure":".*","write":".*","read":".*"}""")))
            .EnsureSuccessStatusCode();
        RabbitMqUri = new UriBuilder(_settings.RabbitMq) { Path = "/" + vhost }.Uri.ToString();

        // The same policies, users, permissions and topic permissions a deployment applies (deploy/rabbitmq/definitions.json).
        Definitions = new BrokerDefinitions(_settings.RabbitMqManagement, VirtualHost, _runId);
        await Definitions.ApplyAsync();
    }

    /// <summary>Has the broker close every connection of the named client in this run's vhost (as an operator or a failover would).</summary>
    public async Task<int> CloseConnectionsAsync(string clientName)
    {
        using var http = ManagementClient();
        using var list = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(VirtualHost)}/connections", UriKind.Relative)));
        var closed = 0;
        foreach (var connection in list.RootElement.EnumerateArray())
        {
            var name = connection.TryGetProperty("client_properties", out var props) && props.TryGetProperty("connection_name", out var n) ? n.GetString() : null;
            if (name == clientName)
            {
                using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri($"api/connections/{Uri.EscapeDataString(connection.GetProperty("name").GetString()!)}", UriKind.Relative));
                request.Headers.Add("X-Reason", "integration test: the broker closes the connection");
                (await http.SendAsync(request)).EnsureSuccessStatusCode();
                closed++;
            }
        }

        return closed;
    }

    /// <summary>Who consumes <paramref name="queue"/> now, by client-provided connection name and connected-at time (for a timeout's message).</summary>
    public async Task<string> DescribeConsumersAsync(string queue)
    {
        try
        {
            using var http = ManagementClient();
            var vhost = Uri.EscapeDataString(VirtualHost);
            using var queueInfo = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/queues/{vhost}/{Uri.EscapeDataString(queue)}", UriKind.Relative)));
            using var connections = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"api/vhosts/{vhost}/connections", UriKind.Relative)));
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var connection in connections.RootElement.EnumerateArray())
            {
                var clientName = connection.TryGetProperty("client_properties", out var props) && props.TryGetProperty("connection_name", out var n) ? n.GetString() : null;
                var since = connection.TryGetProperty("connected_at", out var at) && at.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) : "?";
                names[connection.GetProperty("name").GetString()!] = $"{clientName ?? "(unnamed)"} connected {since}";
            }

            var holders = new List<string>();
            if (queueInfo.RootElement.TryGetProperty("consumer_details", out var consumers))
            {
                foreach (var consumer in consumers.EnumerateArray())
                {
                    var channel = consumer.GetProperty("channel_details");
                    var connectionName = channel.TryGetProperty("connection_name", out var c) ? c.GetString() ?? "?" : "?";
                    holders.Add($"{(names.TryGetValue(connectionName, out var described) ? described : connectionName)} (tag {consumer.GetProperty("consumer_tag").GetString()})");
                }
            }

            return holders.Count == 0 ? "no consumer in the management view" : string.Join("; ", holders);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"consumers not known ({e.GetType().Name})";
        }
    }

    /// <summary>Deletes a queue under its consumers (the broker cancels them on their open channels).</summary>
    public async Task DeleteQueueAsync(string queue)
    {
        using var http = ManagementClient();
        (await http.DeleteAsync(new Uri($"api/queues/{Uri.EscapeDataString(VirtualHost)}/{Uri.EscapeDataString(queue)}", UriKind.Relative))).EnsureSuccessStatusCode();
    }

    private HttpClient ManagementClient() => BrokerDefinitions.ManagementClient(_settings.RabbitMqManagement);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
