using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

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
        // Every host is stopped even when one fails to stop: a host left running would consume the next test's queues.
        var failures = new List<Exception>();
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
            finally
            {
                await host.DisposeAsync();
            }
        }

        _hosts.Clear();
        await Agency.DisposeAsync();
        GC.SuppressFinalize(this);
        if (failures.Count > 0)
        {
            throw new AggregateException("A host did not stop cleanly.", failures);
        }
    }

    /// <summary>Starts a worker and waits until it consumes the midwifery queue.</summary>
    protected async Task<WebApplication> StartWorkerAsync(params (string Key, string Value)[] overrides)
    {
        var worker = await Hosts.StartWorkerAsync(Infra, overrides);
        _hosts.Add(worker);
        await Agency.WaitForConsumerAsync("ingest.midwifery", Patience);
        return worker;
    }

    /// <summary>
    /// Starts a worker that consumes no queue and runs no background stage (unless <paramref name="overrides"/> turn
    /// them on): the test drives the ingest processor and the flags stage itself, so batches are exactly what it says.
    /// </summary>
    protected async Task<WebApplication> StartDrivenWorkerAsync(Action<IServiceCollection>? services = null, params (string Key, string Value)[] overrides)
    {
        (string, string)[] driven = [("Messaging:ConsumeIngest", "false"), ("Flags:Enabled", "false"), ("Outbox:Enabled", "false")];
        var worker = await Hosts.StartWorkerAsync(Infra, services, [.. driven, .. overrides]);
        _hosts.Add(worker);
        return worker;
    }

    /// <summary>A host the test started itself, stopped with the others when the test ends.</summary>
    protected void Track(WebApplication host) => _hosts.Add(host);

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
