using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>PostgreSQL and RabbitMQ in containers, used only when the environment names no servers and Docker answers.</summary>
internal sealed class Containers : IAsyncDisposable
{
    private PostgreSqlContainer? _postgres;
    private RabbitMqContainer? _rabbit;

    public static async Task<(Containers Containers, TestSettings Settings)?> TryStartAsync()
    {
        var containers = new Containers();
        try
        {
            containers._postgres = new PostgreSqlBuilder("postgres:15").Build();
            containers._rabbit = new RabbitMqBuilder("rabbitmq:3.13-management").WithUsername("guest").WithPassword("guest")
                .WithPortBinding(15672, true).Build();
            await containers._postgres.StartAsync();
            await containers._rabbit.StartAsync();
        }
        catch (Exception ex) when (ex.GetType().Name.Contains("Docker", StringComparison.Ordinal) || ex is InvalidOperationException or TypeInitializationException or HttpRequestException)
        {
            // No Docker engine here: the caller falls back to the local services.
            await containers.DisposeAsync();
            return null;
        }

        var pg = new Npgsql.NpgsqlConnectionStringBuilder(containers._postgres.GetConnectionString()) { Database = null };
        var amqp = new Uri(containers._rabbit.GetConnectionString());
        var management = new Uri($"http://guest:guest@{containers._rabbit.Hostname}:{containers._rabbit.GetMappedPublicPort(15672)}");
        return (containers, new TestSettings(pg.ConnectionString, amqp, management));
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_rabbit is not null)
        {
            await _rabbit.DisposeAsync();
        }
    }
}
