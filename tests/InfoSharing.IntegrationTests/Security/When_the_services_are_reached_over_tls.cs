using System.Text;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.ServiceDefaults;
using InfoSharing.Worker.Messaging;
using MassTransit;
using Npgsql;
using RabbitMQ.Client;

namespace InfoSharing.IntegrationTests.Security;

/// <summary>
/// Issue 13: nothing used TLS. The local scripts switch it on (INFOSHARING_TLS=1: a generated CA and server
/// certificate, PostgreSQL with ssl on, RabbitMQ with an AMQPS listener), and the hosts reach both over it with the
/// certificate checked: Npgsql with SSL Mode=VerifyFull and the CA as its root, the worker's bus and the hosts'
/// broker connection through amqps:// with RabbitMq:CaCertificateFile. A client that does not trust that CA is refused.
/// </summary>
/// <summary>A message the worker's bus sends itself over AMQPS.</summary>
public sealed record TlsProbe(string Text);

public sealed class When_the_services_are_reached_over_tls(TlsInstance instance) : IClassFixture<TlsInstance>
{
    private readonly int _pgPort = instance.PgPort;
    private readonly int _amqpsPort = instance.AmqpsPort;
    private readonly string _state = instance.State;

    private string CaFile => Path.Combine(_state, "tls", "ca.pem");

    [Fact]
    public async Task PostgreSQL_is_reached_with_the_certificate_verified_and_refused_without_its_ca()
    {
        var verified = $"Host=127.0.0.1;Port={_pgPort};Username=postgres;Database=postgres;SSL Mode=VerifyFull;Root Certificate={CaFile}";
        await using (var connection = new NpgsqlConnection(verified))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            Assert.True(reader.GetBoolean(0));
            Assert.StartsWith("TLSv1.", reader.GetString(1), StringComparison.Ordinal);
        }

        // The system trust store does not hold the local CA: a verifying client without it is refused.
        await using var untrusting = new NpgsqlConnection($"Host=127.0.0.1;Port={_pgPort};Username=postgres;Database=postgres;SSL Mode=VerifyFull");
        await Assert.ThrowsAnyAsync<Exception>(() => untrusting.OpenAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_hosts_broker_connection_goes_over_amqps_with_the_configured_ca_and_is_refused_without_it()
    {
        var amqps = new Uri($"amqps://guest:guest@127.0.0.1:{_amqpsPort}");
        await using (var connection = new RabbitMqConnection(amqps, "tls-test", new BrokerTls(CaFile)))
        {
            var open = await connection.GetAsync(TestContext.Current.CancellationToken);
            await using var channel = await open.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
            var queue = (await channel.QueueDeclareAsync(cancellationToken: TestContext.Current.CancellationToken)).QueueName;
            await channel.BasicPublishAsync(string.Empty, queue, Encoding.UTF8.GetBytes("over tls"), TestContext.Current.CancellationToken);
            BasicGetResult? got = null;
            for (var i = 0; i < 50 && got is null; i++)
            {
                got = await channel.BasicGetAsync(queue, autoAck: true, TestContext.Current.CancellationToken);
                await Task.Delay(got is null ? 100 : 0, TestContext.Current.CancellationToken);
            }

            Assert.Equal("over tls", Encoding.UTF8.GetString(got!.Body.Span));
        }

        await using var untrusting = new RabbitMqConnection(amqps, "tls-test-untrusting");
        await Assert.ThrowsAnyAsync<Exception>(() => untrusting.GetAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_workers_bus_starts_over_amqps_with_the_configured_ca()
    {
        // Without the CA the platform's check would refuse the broker's certificate and the bus would never be healthy.
        var amqps = new Uri($"amqps://guest:guest@127.0.0.1:{_amqpsPort}");
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            IngestEndpoints.ConfigureHost(cfg, amqps, "tls-bus", new BrokerTls(CaFile));
            cfg.ReceiveEndpoint("tls-probe-" + Guid.NewGuid().ToString("N")[..8], e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<TlsProbe>(context =>
                {
                    received.TrySetResult(context.Message.Text);
                    return Task.CompletedTask;
                });
            });
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await bus.StartAsync(timeout.Token);
        try
        {
            await bus.Publish(new TlsProbe("over tls"), timeout.Token);
            Assert.Equal("over tls", await received.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        }
        finally
        {
            await bus.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task The_workers_bus_refuses_a_broker_whose_certificate_it_cannot_verify()
    {
        // MassTransit's own default accepts chain and name errors; the worker's bus must not (no CA given: the
        // system trust store, which does not hold the local CA).
        var amqps = new Uri($"amqps://guest:guest@127.0.0.1:{_amqpsPort}");
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => IngestEndpoints.ConfigureHost(cfg, amqps, "tls-bus-untrusting", new BrokerTls(null)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => bus.StartAsync(timeout.Token));
        }
        finally
        {
            await bus.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void A_ca_file_that_is_not_there_stops_the_host_with_the_setting_named()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new BrokerTls(Path.Combine(_state, "no-such-ca.pem")));
        Assert.Contains(BrokerTls.CaFileKey, ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>One private PostgreSQL and RabbitMQ with TLS on, started by the local scripts for the tests above.</summary>
public sealed class TlsInstance : IAsyncLifetime
{
    private readonly PrivateServices _services = new("tls", tls: true);

    public string State => _services.State;

    public int PgPort => _services.PgPort;

    public int AmqpsPort => _services.AmqpsPort;

    public async ValueTask InitializeAsync() => await _services.ServicesAsync("start all");

    public async ValueTask DisposeAsync() => await _services.RemoveAsync();
}
