using InfoSharing.Api.Auth;
using Microsoft.Extensions.Options;

namespace InfoSharing.Api.Web;

/// <summary>
/// The web application for reviewers, safeguarding leads, auditors and operators (pages at /, beside the API at /api).
/// Production signs in with OpenID Connect (<see cref="Oidc"/>); Development may use a local sign-in page instead.
/// </summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>Serve the pages (appsettings.json turns it on; a host built without it serves the API only).</summary>
    public bool Enabled { get; set; }

    /// <summary>A local sign-in page that issues any role: Development only, refused at start elsewhere.</summary>
    public bool DevelopmentSignIn { get; set; }

    public OidcSettings Oidc { get; set; } = new();

    /// <summary>A session with no request for this long ends (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>A session ends this long after sign-in, however busy.</summary>
    public TimeSpan MaxSessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>The organisation's identity provider (authorization-code flow with PKCE).</summary>
public sealed class OidcSettings
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>From the secret store, never from a committed file.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The claim in the ID token or userinfo that holds the user's roles or groups.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The identity provider's role or group value, to an InfoSharing role; empty: the values are InfoSharing's roles.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Scopes beyond openid and profile.</summary>
    public List<string> Scopes { get; set; } = [];
}

/// <summary>Checks the web settings at start, knowing the environment: a bad setting stops the host naming it.</summary>
internal sealed class WebOptionsValidation(IHostEnvironment environment) : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.DevelopmentSignIn && !environment.IsDevelopment())
        {
            failures.Add("Web:DevelopmentSignIn issues any role to anyone and is refused outside the Development environment; configure Web:Oidc instead.");
        }

        var oidc = options.Oidc;
        var oidcConfigured = !string.IsNullOrWhiteSpace(oidc.Authority);
        if (!oidcConfigured && !options.DevelopmentSignIn)
        {
            failures.Add("Set Web:Oidc:Authority, Web:Oidc:ClientId and Web:Oidc:ClientSecret (the organisation's identity provider), or Web:Enabled=false.");
        }

        if (oidcConfigured)
        {
            if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority)
                || (authority.Scheme != Uri.UriSchemeHttps && !(environment.IsDevelopment() && authority.IsLoopback)))
            {
                failures.Add("Web:Oidc:Authority must be an absolute https URL (http only to a loopback address in Development).");
            }

            if (string.IsNullOrWhiteSpace(oidc.ClientId))
            {
                failures.Add("Web:Oidc:ClientId is required with Web:Oidc:Authority.");
            }

            if (string.IsNullOrWhiteSpace(oidc.ClientSecret))
            {
                failures.Add("Web:Oidc:ClientSecret is required with Web:Oidc:Authority (from the secret store).");
            }

            if (string.IsNullOrWhiteSpace(oidc.RoleClaim))
            {
                failures.Add("Web:Oidc:RoleClaim names the claim that carries roles (for example roles or groups).");
            }

            foreach (var (from, to) in oidc.RoleMap.Where(m => !WebRoles.All.Contains(m.Value)))
            {
                failures.Add($"Web:Oidc:RoleMap:{from} maps to '{to}', which is not one of {string.Join(", ", WebRoles.All)}.");
            }
        }

        if (options.IdleTimeout < TimeSpan.FromMinutes(1) || options.IdleTimeout > options.MaxSessionLifetime)
        {
            failures.Add("Web:IdleTimeout must be at least a minute and no longer than Web:MaxSessionLifetime.");
        }

        if (options.MaxSessionLifetime > TimeSpan.FromHours(24))
        {
            failures.Add("Web:MaxSessionLifetime must be at most 24 hours.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The roles a person signing in to the pages may hold (agencies are systems and use the API).</summary>
public static class WebRoles
{
    public static readonly IReadOnlyList<string> All = [Roles.Auditor, Roles.Reviewer, Roles.Operator, Roles.Admin];
}
