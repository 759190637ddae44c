using InfoSharing.Api;
using InfoSharing.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>The real worker and API hosts, built as Program builds them, pointed at this run's database and vhost.</summary>
public static class Hosts
{
    public const string DevelopmentSigningKey = "integration-test-signing-key-0123456789abcdef";

    /// <summary>
    /// An empty content root: the hosts' appsettings.json files (copied into the test output) would otherwise add
    /// their subscribers and agencies to what each test configures. The test is the deployer.
    /// </summary>
    private static readonly string[] IsolatedContentRoot = ["--contentRoot", Directory.CreateTempSubdirectory("infosharing-it-").FullName];

    public static Task<WebApplication> StartWorkerAsync(InfraFixture infra, params (string Key, string Value)[] overrides) =>
        StartWorkerAsync(infra, null, overrides);

    /// <summary>A worker whose services a test may add to (e.g. a feed handler of its own) before it starts.</summary>
    public static async Task<WebApplication> StartWorkerAsync(InfraFixture infra, Action<IServiceCollection>? services, params (string Key, string Value)[] overrides)
    {
        var app = BuildWorker(infra, services, overrides);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>
    /// A worker host with the test deployment's configuration, built but not started: what Program builds for an admin
    /// command (load, purge, replay), whose hosted services never run.
    /// </summary>
    public static WebApplication BuildWorker(InfraFixture infra, Action<IServiceCollection>? services, params (string Key, string Value)[] overrides)
    {
        ArgumentNullException.ThrowIfNull(infra);
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Postgres"] = infra.ApplicationConnectionString,
            ["ConnectionStrings:RabbitMq"] = infra.RabbitMqUri,
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["Audit:ChainKeyId"] = infra.AuditKeyId,
            [$"Audit:ChainKeys:{infra.AuditKeyId}"] = infra.AuditKey,
            ["Audit:CheckpointDirectory"] = infra.AuditCheckpointDirectory,
            ["Audit:Sealer:PollInterval"] = "00:00:00.050",

            // The test is the deployer: it names the agencies and subscribers, as a deployment's configuration does.
            ["Messaging:Agencies:midwifery:Kinds:0"] = "fhir",
            ["Messaging:Agencies:health-visiting:Kinds:0"] = "fhir",
            ["Messaging:Agencies:gp:Kinds:0"] = "fhir",
            ["Messaging:Agencies:housing:Kinds:0"] = "household",
            ["Messaging:Agencies:marac:Kinds:0"] = "case",
            ["Messaging:Subscribers:health-visiting:Fields:0"] = "man.name",
            ["Messaging:Subscribers:health-visiting:Fields:1"] = "man.birthDate",
            ["Messaging:Subscribers:health-visiting:Fields:2"] = "man.nhsNumber",
            ["Messaging:Subscribers:health-visiting:Fields:3"] = "sources",
            ["Messaging:Subscribers:health-visiting:Fields:4"] = "linkConfidence",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // Each agency's identity is this run's broker user for it (user_id), as a deployment names its agencies' users.
        foreach (var agency in new[] { "midwifery", "health-visiting", "gp", "housing", "marac" })
        {
            settings[$"Messaging:Agencies:{agency}:BrokerUser"] = infra.BrokerUser(agency);
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return WorkerApp.Build(IsolatedContentRoot, configuration => configuration.AddInMemoryCollection(settings), services);
    }

    /// <summary>What the API host needs to start against this run's database, broker and audit chain key.</summary>
    public static Dictionary<string, string?> ApiSettings(InfraFixture infra)
    {
        ArgumentNullException.ThrowIfNull(infra);
        return new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Postgres"] = infra.ApplicationConnectionString,
            ["ConnectionStrings:RabbitMq"] = infra.RabbitMqUri,
            ["Auth:SigningKey"] = DevelopmentSigningKey,
            ["Audit:ChainKeyId"] = infra.AuditKeyId,
            [$"Audit:ChainKeys:{infra.AuditKeyId}"] = infra.AuditKey,
            ["Audit:CheckpointDirectory"] = infra.AuditCheckpointDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    /// <summary>
    /// The API in Development, the only environment that takes the symmetric key the tests mint tokens with; or, with
    /// <paramref name="environment"/> and <paramref name="overrides"/>, as another environment would run it.
    /// </summary>
    public static async Task<(WebApplication App, HttpClient Client)> StartApiAsync(
        InfraFixture infra, string environment = "Development", params (string Key, string? Value)[] overrides)
    {
        var settings = ApiSettings(infra);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var app = ApiApp.Build([.. IsolatedContentRoot, "--environment", environment], configuration => configuration.AddInMemoryCollection(settings));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }
}
