using System.Diagnostics;
using System.Text;
using System.Text.Json;
using InfoSharing.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Web;

/// <summary>
/// Browser tests of the web application: the real worker and API host (Development, with the web pages and the
/// development sign-in) on this run's database and vhost, on a port of their own; the test makes its data through
/// the broker, then runs one scenario of tests/browser/scenarios.mjs (Playwright driving Debian's Chromium, axe-core
/// on every page). Screenshots go to artifacts/browser/.
/// </summary>
public abstract class BrowserTest(InfraFixture infra) : IntegrationTest(infra)
{
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromMinutes(3);
    private WebApplication? _web;

    protected HttpClient Api { get; private set; } = null!;

    protected string WebAddress { get; private set; } = string.Empty;

    public override async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (_web is not null)
        {
            await _web.StopAsync();
            await _web.DisposeAsync();
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The API host with the web application, as run.sh runs it in Development.</summary>
    protected async Task StartWebAsync()
    {
        var settings = Hosts.ApiSettings(Infra);
        settings["Web:Enabled"] = "true";
        settings["Web:DevelopmentSignIn"] = "true";
        settings["Operations:RabbitMqManagement"] = Infra.RabbitMqManagement.ToString();
        var root = Directory.CreateTempSubdirectory("infosharing-web-").FullName;
        _web = ApiApp.Build(["--contentRoot", root, "--environment", "Development"], configuration => configuration.AddInMemoryCollection(settings));
        await _web.StartAsync();
        WebAddress = _web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Api = new HttpClient { BaseAddress = new Uri(WebAddress) };
    }

    /// <summary>Runs one browser scenario against the running hosts; fails the test with its output unless it passed.</summary>
    protected async Task RunScenarioAsync(string scenario, object? input = null)
    {
        var folder = Examples.Path("tests/browser");
        Assert.True(
            Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")) && File.Exists(Chromium),
            $"The browser tests need Debian's Chromium at {Chromium} and the npm packages in tests/browser: run deploy/local/test.sh, which installs both, "
            + "or apt-get install -y chromium && npm ci --prefix tests/browser.");
        var start = new ProcessStartInfo("node", ["scenarios.mjs", scenario])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["INFOSHARING_WEB"] = WebAddress.TrimEnd('/');
        start.Environment["INFOSHARING_ARTEFACTS"] = Examples.Path("artifacts/browser");
        start.Environment["INFOSHARING_INPUT"] = JsonSerializer.Serialize(input ?? new { });
        using var node = Process.Start(start)!;
        var output = new StringBuilder();
        node.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        node.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(ScenarioTimeout);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            node.Kill(entireProcessTree: true);
            Assert.Fail($"Scenario {scenario} did not finish within {ScenarioTimeout}:\n{output}");
        }

        node.WaitForExit();
        TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
        Assert.True(node.ExitCode == 0, $"Scenario {scenario} failed:\n{output}");
    }

    private static string Chromium => Environment.GetEnvironmentVariable("INFOSHARING_CHROMIUM") ?? "/usr/bin/chromium";
}
