using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Features.Audit;
using InfoSharing.Api.Features.Export;
using InfoSharing.Api.Features.Flags;
using InfoSharing.Api.Features.Ingest;
using InfoSharing.Api.Features.Linkage;
using InfoSharing.Api.Features.Operations;
using InfoSharing.Api.Features.People;
using InfoSharing.Api.Features.Reviews;
using InfoSharing.Api.Features.Terminology;
using InfoSharing.Api.OpenApi;
using InfoSharing.Api.Web;
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
        builder.AddAuditChain(requireCheckpointDirectory: false);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<InfoSharing.Api.Web.ApiFailures>();
        builder.Services.AddInfoSharingAuth();
        builder.Services.AddInfoSharingOpenApi();
        builder.Services.AddOperations();
        builder.AddInfoSharingWeb();

        builder.Services.AddSingleton<RefusalAudit>();

        var app = builder.Build();
        app.UseInfoSharingExceptionHandler();
        if (!app.Environment.IsDevelopment())
        {
            // Browsers that reached the API over HTTPS keep to HTTPS (README: TLS is terminated in front of the API).
            app.UseHsts();
        }

        app.UseInfoSharingWebHeaders();

        app.UseStatusCodePages();
        app.UseInfoSharingStatusCodePages();
        var refusals = app.Services.GetRequiredService<RefusalAudit>();
        app.Use((http, next) => refusals.InvokeAsync(http, next));
        app.UseAuthentication();

        // The documentation describes every endpoint and parameter: anonymous in Development only.
        app.UseInfoSharingDocs(anonymous: app.Environment.IsDevelopment());
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        var openApi = app.MapOpenApi(OpenApiSetup.DocumentPath);
        if (app.Environment.IsDevelopment())
        {
            openApi.AllowAnonymous();
        }

        // Every /api endpoint: purpose-of-use check, then the read is recorded in the audit log before it is answered.
        var api = app.MapGroup("/api").AddEndpointFilter(ReadAuditFilter.InvokeAsync);
        api.MapGetLinkage();
        api.MapGetChildHistory();
        api.MapExportChildHistory();
        api.MapGetPersonLinks();
        api.MapGetFlagHistory();
        api.MapListDisclosures();
        api.MapGetMessageStatus();
        api.MapFailedMessages();
        api.MapVerifyAudit();
        api.MapListAuditEntries();
        api.MapListReviews();
        api.MapGetReview();
        api.MapGetMergeOutcome();
        api.MapDecideReview();
        api.MapUnmergePerson();
        api.MapListValueSets();
        api.MapListUnmappedCodes();
        api.MapOperations();
        app.MapInfoSharingWeb();
        return app;
    }
}
