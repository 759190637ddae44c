using InfoSharing.Data;
using Microsoft.AspNetCore.DataProtection;

namespace InfoSharing.Api.Web;

/// <summary>Adds the web application to the API host when Web:Enabled (docs/decisions/0010-web-application.md).</summary>
public static class WebRegistration
{
    /// <summary>
    /// The data protection purpose root shared by every replica. The default is the content root, which differs
    /// between deployments of the same release, so replicas could not read each other's cookies.
    /// </summary>
    public const string DataProtectionApplicationName = "InfoSharing";

    public static WebApplicationBuilder AddInfoSharingWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddWebOptions();
        var web = WebAuth.Read(builder.Configuration);
        if (!web.Enabled)
        {
            return builder;
        }

        builder.Services.AddWebAuth(web, builder.Environment);

        // The session cookies and antiforgery tokens are protected with one key ring, kept in PostgreSQL under one
        // application name: every replica reads the keys the others made, and a restart keeps every session (decision 0010).
        builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<InfoSharingDbContext>();
        builder.Services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Web/Pages";
            pages.Conventions.AuthorizeFolder("/", WebAuth.SignedIn);
            pages.Conventions.ConfigureFilter(new PurposeFilter());
        });
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = builder.Environment.IsDevelopment() ? "infosharing-antiforgery" : "__Host-infosharing-antiforgery";
            antiforgery.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.FormFieldName = "__csrf";
        });
        return builder;
    }

    /// <summary>Security headers for the pages; call before routing so that every page answer carries them.</summary>
    public static WebApplication UseInfoSharingWebHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var web = WebAuth.Read(app.Configuration);
        if (web.Enabled)
        {
            app.UseWebSecurityHeaders(web);
        }

        return app;
    }

    public static WebApplication MapInfoSharingWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!WebAuth.Read(app.Configuration).Enabled)
        {
            return app;
        }

        app.MapWebAssets();
        app.MapRazorPages();
        return app;
    }
}
