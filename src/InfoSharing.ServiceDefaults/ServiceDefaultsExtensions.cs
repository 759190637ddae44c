using InfoSharing.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InfoSharing.ServiceDefaults;

/// <summary>What every InfoSharing host has: telemetry, the database, the broker connection and health checks.</summary>
public static class ServiceDefaultsExtensions
{
    private const string ReadyTag = "ready";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var postgres = RequiredConnectionString(builder.Configuration, "Postgres");
        var rabbit = RequiredConnectionString(builder.Configuration, "RabbitMq");

        builder.Services.AddInfoSharingData(postgres);
        var brokerTls = BrokerTls.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(brokerTls);
        builder.Services.AddSingleton(_ => new RabbitMqConnection(new Uri(rabbit), builder.Environment.ApplicationName, brokerTls));

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy())
            .AddDbContextCheck<InfoSharingDbContext>("postgres", tags: [ReadyTag])
            .AddCheck<RabbitMqHealthCheck>("rabbitmq", tags: [ReadyTag]);

        builder.AddTelemetry();
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Name == "self" }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteReportAsync }).AllowAnonymous();
        return app;
    }

    /// <summary>The overall status, then each check's status and description (operational text, never personal data).</summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is { } d ? " - " + d : string.Empty)}");
        return context.Response.WriteAsync(string.Join('\n', lines.Prepend(report.Status.ToString())) + "\n");
    }

    private static void AddTelemetry(this IHostApplicationBuilder builder)
    {
        // Log scopes and formatted messages stay on: the code logs ids only, never names or NHS numbers. ASP.NET Core's
        // hosting category is silenced: it opens a scope holding the request path on every request while it is enabled
        // at any level, and paths carry NHS numbers (/api/infants/{nhsNumber}/...); every log line of the request, and
        // its OTLP export, would carry it. Requests are traced by route template instead (below).
        builder.Logging.AddOpenTelemetry(logging => logging.IncludeScopes = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddSource(Telemetry.ActivitySourceName)
                .AddSource("MassTransit")
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health");

                    // Paths carry NHS numbers (/api/infants/{nhsNumber}/...): traces keep the route template only.
                    options.EnrichWithHttpResponse = (activity, response) =>
                    {
                        var template = (response.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
                        activity.SetTag("url.path", template);
                        activity.SetTag("url.query", null);
                    };
                })
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(Telemetry.MeterName)
                .AddMeter("MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
    }

    private static string RequiredConnectionString(IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"Missing setting ConnectionStrings:{name} (environment variable ConnectionStrings__{name}).");
}
