using InfoSharing.Api.Auth;
using InfoSharing.Api.Features.Ingest;
using InfoSharing.Api.Features.Linkage;
using InfoSharing.ServiceDefaults;

namespace InfoSharing.Api;

/// <summary>Builds the API host; tests build it the same way with their own configuration.</summary>
public static class ApiApp
{
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = "InfoSharing.Api" });
        configure?.Invoke(builder.Configuration);
        builder.AddServiceDefaults();
        builder.Services.AddProblemDetails();
        builder.Services.AddInfoSharingAuth();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapGetLinkage();
        app.MapGetMessageStatus();
        return app;
    }
}
