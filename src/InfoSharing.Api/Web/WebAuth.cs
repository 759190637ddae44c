using System.Security.Claims;
using InfoSharing.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace InfoSharing.Api.Web;

/// <summary>
/// Sign-in for the pages: a session cookie, issued after OpenID Connect (authorization code with PKCE) against the
/// organisation's identity provider, or by the Development sign-in page. Both schemes are the web's own: the API's
/// JWT bearer scheme stays the default, so no cookie ever authenticates an /api call (and no token a page).
/// The pages use the API's role policies, each combined with the cookie scheme: one role matrix for both.
/// </summary>
public static class WebAuth
{
    public const string CookieScheme = "web-session";
    public const string OidcScheme = "web-oidc";
    private const string PolicyPrefix = "web:";

    /// <summary>The web policy of an API policy: the same roles, signed in with the session cookie.</summary>
    public static string Policy(string apiPolicy) => PolicyPrefix + apiPolicy;

    public const string SignedIn = PolicyPrefix + "signed-in";
    public const string Auditor = PolicyPrefix + Roles.AuditorPolicy;
    public const string Reviewer = PolicyPrefix + Roles.ReviewerPolicy;
    public const string Operator = PolicyPrefix + Roles.OperatorPolicy;
    public const string Terminology = PolicyPrefix + Roles.TerminologyPolicy;

    public static void AddWebAuth(this IServiceCollection services, WebOptions web, IHostEnvironment environment)
    {
        var secure = !environment.IsDevelopment();
        var authentication = services.AddAuthentication();
        authentication.AddCookie(CookieScheme, cookie =>
        {
            // __Host-: only over https, for this host and path /, so no subdomain can set or read it.
            cookie.Cookie.Name = secure ? "__Host-infosharing-session" : "infosharing-session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = web.IdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/sign-in";
            cookie.LogoutPath = "/sign-out";
            // A role that may not open a page gets 403 in place, at the address asked for: the error page says so, with the request's reference.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = context =>
            {
                var started = WebSession.StartedAt(context.Principal!);
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                if (started is null || now - started > web.MaxSessionLifetime)
                {
                    context.RejectPrincipal();
                }

                return Task.CompletedTask;
            };
        });

        if (!string.IsNullOrWhiteSpace(web.Oidc.Authority))
        {
            authentication.AddOpenIdConnect(OidcScheme, oidc => ConfigureOidc(oidc, web.Oidc, secure));
        }

        services.AddOptions<AuthorizationOptions>().Configure(options =>
        {
            options.AddPolicy(SignedIn, new AuthorizationPolicyBuilder(CookieScheme).RequireAuthenticatedUser().Build());
            foreach (var policy in new[] { Roles.AuditorPolicy, Roles.ReviewerPolicy, Roles.PersonLinksPolicy, Roles.OperatorPolicy, Roles.TerminologyPolicy })
            {
                var api = options.GetPolicy(policy) ?? throw new InvalidOperationException($"The API policy {policy} must be registered before the web's.");
                options.AddPolicy(Policy(policy), new AuthorizationPolicyBuilder(CookieScheme).Combine(api).Build());
            }
        });
    }

    private static void ConfigureOidc(OpenIdConnectOptions oidc, OidcSettings settings, bool secure)
    {
        oidc.SignInScheme = CookieScheme;
        oidc.SignOutScheme = CookieScheme;
        oidc.Authority = settings.Authority;
        oidc.ClientId = settings.ClientId;
        oidc.ClientSecret = settings.ClientSecret;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.UsePkce = true;
        oidc.CallbackPath = "/sign-in/oidc";
        oidc.SignedOutCallbackPath = "/sign-out/oidc";
        oidc.SignedOutRedirectUri = "/signed-out";
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.SaveTokens = false;
        oidc.RequireHttpsMetadata = secure;
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        oidc.Scope.Add("profile");
        foreach (var scope in settings.Scopes)
        {
            oidc.Scope.Add(scope);
        }

        oidc.TokenValidationParameters.NameClaimType = "name";
        oidc.TokenValidationParameters.RoleClaimType = settings.RoleClaim;
        oidc.CorrelationCookie.SecurePolicy = oidc.NonceCookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        oidc.CorrelationCookie.HttpOnly = oidc.NonceCookie.HttpOnly = true;

        // The session keeps who signed in and their InfoSharing roles, nothing else the identity provider sent.
        oidc.Events.OnTicketReceived = context =>
        {
            var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
            context.Principal = FromIdentityProvider(context.Principal!, settings, time.GetUtcNow());
            return Task.CompletedTask;
        };
    }

    /// <summary>The session of a user the identity provider signed in: subject, display name, and mapped roles.</summary>
    public static ClaimsPrincipal FromIdentityProvider(ClaimsPrincipal external, OidcSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(external);
        ArgumentNullException.ThrowIfNull(settings);
        var subject = external.FindFirst("sub")?.Value ?? throw new InvalidOperationException("The identity provider sent no sub claim.");
        var roles = external.FindAll(settings.RoleClaim)
            .Select(c => settings.RoleMap.Count == 0 ? c.Value : settings.RoleMap.GetValueOrDefault(c.Value))
            .OfType<string>()
            .Where(WebRoles.All.Contains);
        return WebSession.Create(subject, external.FindFirst("name")?.Value, roles, WebSession.Oidc, now);
    }

    /// <summary>The options the host validated, for code outside DI (pages read them through IOptions).</summary>
    internal static WebOptions Read(IConfiguration configuration)
    {
        var web = new WebOptions();
        configuration.GetSection(WebOptions.SectionName).Bind(web);
        return web;
    }

    internal static IServiceCollection AddWebOptions(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidation>();
        return services;
    }
}
