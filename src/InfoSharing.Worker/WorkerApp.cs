using InfoSharing.Data;
using InfoSharing.ServiceDefaults;
using InfoSharing.Worker.Features.Audit;
using InfoSharing.Worker.Features.Flags;
using InfoSharing.Worker.Features.Ingest;
using InfoSharing.Fhir.Feeds;
using InfoSharing.Worker.Features.Ingest.AgencyJson;
using InfoSharing.Worker.Features.Ingest.Fhir;
using InfoSharing.Worker.Features.Linkage;
using InfoSharing.Worker.Features.Outbox;
using InfoSharing.Worker.Features.People;
using InfoSharing.Worker.Features.Retention;
using InfoSharing.Worker.Features.Terminology;
using InfoSharing.Worker.Messaging;
using Microsoft.EntityFrameworkCore;
using Polly;

namespace InfoSharing.Worker;

/// <summary>Builds the worker host; tests build it the same way with their own configuration.</summary>
public static class WorkerApp
{
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = "InfoSharing.Worker" });
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults();
        builder.AddAuditChain(requireCheckpointDirectory: builder.Configuration.GetValue($"{AuditSealerOptions.SectionName}:Enabled", true));

        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddResiliencePipeline(TransientFailures.DatabasePipeline, TransientFailures.Configure);
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddSingleton<BrokerTopology>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddSingleton<OutboxAdmin>();
        builder.Services.AddSingleton<IngestProcessor>();
        builder.Services.AddOptions<PersonIndexOptions>().BindConfiguration(PersonIndexOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LiveMatcher>();
        builder.Services.AddSingleton<PersonIndex>();
        builder.Services.AddSingleton<ChildLinker>();
        builder.Services.AddSingleton<InfantPictureLoader>();
        builder.Services.AddSingleton<FlagService>();
        builder.Services.AddOptions<FlagStageOptions>().BindConfiguration(FlagStageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<FlagSignal>();
        builder.Services.AddSingleton<FlagStage>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FlagStage>());
        builder.Services.AddOptions<TerminologyOptions>().BindConfiguration(TerminologyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TerminologyState>();
        builder.Services.AddSingleton<UnmappedCodeCounter>();
        builder.Services.AddSingleton<ValueSetImporter>();
        builder.Services.AddHostedService<TerminologyStartup>();
        builder.Services.AddSingleton<ExtractWriter>();
        foreach (var (agency, feed) in new[] { ("midwifery", FhirFeed.Midwifery), ("health-visiting", FhirFeed.HealthVisiting), ("gp", FhirFeed.Gp) })
        {
            builder.Services.AddSingleton<IFeedHandler>(sp => new FhirFeedHandler(agency, feed, Limits(sp)));
        }

        foreach (var routingKey in new[] { "housing.household", "marac.case" })
        {
            builder.Services.AddSingleton<IFeedHandler>(sp => new AgencyJsonHandler(routingKey, Limits(sp)));
        }

        // The topology first, then MassTransit's bus with the agency-feed endpoints.
        builder.Services.AddSingleton<TopologyDeclarer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TopologyDeclarer>());
        builder.Services.AddIngestMessaging(new Uri(builder.Configuration.GetConnectionString("RabbitMq")!), builder.Environment.ApplicationName);
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddOptions<ReplayOptions>().BindConfiguration(ReplayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<ReplayStage>();
        builder.Services.AddOptions<AuditSealerOptions>().BindConfiguration(AuditSealerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AuditCheckpointWriter>();
        builder.Services.AddHostedService<AuditSealingService>();

        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }

    private static Domain.Ingest.Limits.MessageLimits Limits(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessagingOptions>>().Value.Limits;

    /// <summary>
    /// Applies the checked-in EF Core migrations; run once before the hosts start, connected as the migration role.
    /// With <c>Database:ApplicationRole</c> set, it then grants that role what the hosts need (<see cref="DatabaseRoles"/>).
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfoSharingDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        var role = scope.ServiceProvider.GetRequiredService<IConfiguration>()["Database:ApplicationRole"];
        if (!string.IsNullOrWhiteSpace(role))
        {
            await DatabaseRoles.GrantApplicationRoleAsync(db, role, cancellationToken);
        }
    }
}
