using Microsoft.AspNetCore.Builder;

[assembly: AssemblyFixture(typeof(InfoSharing.IntegrationTests.Infrastructure.InfraFixture))]

// Every test shares one database and one vhost, reset before each test: xunit.runner.json runs them one at a time.

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>Base for tests that need the real broker and database: resets both, and stops any host a test started.</summary>
public abstract class IntegrationTest(InfraFixture infra) : IAsyncLifetime
{
    private readonly List<WebApplication> _hosts = [];

    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected InfraFixture Infra { get; } = infra;

    protected Broker Agency { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        await Infra.ResetAsync();
        Agency = await Broker.ConnectAsync(Infra);
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        await Agency.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts a worker and waits until it consumes the midwifery queue.</summary>
    protected async Task<WebApplication> StartWorkerAsync(params (string Key, string Value)[] overrides)
    {
        var worker = await Hosts.StartWorkerAsync(Infra, overrides);
        _hosts.Add(worker);
        await Agency.WaitForConsumerAsync("ingest.midwifery", Patience);
        return worker;
    }

    protected async Task StopAsync(WebApplication host)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.StopAsync();
        await host.DisposeAsync();
        _hosts.Remove(host);
    }

    protected async Task<HttpClient> StartApiAsync()
    {
        var (api, client) = await Hosts.StartApiAsync(Infra);
        _hosts.Add(api);
        return client;
    }
}
