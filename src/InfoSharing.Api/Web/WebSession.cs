using System.Globalization;
using System.Security.Claims;
using InfoSharing.Api.Auditing;

namespace InfoSharing.Api.Web;

/// <summary>
/// The claims of a web session: who (sub, name), their InfoSharing roles, where they signed in, when the session
/// began, and the purpose of use they stated for it. The same claim types as the API's tokens (sub, role), so that
/// the read audit and the role policies treat both alike.
/// </summary>
public static class WebSession
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string IdentityProvider = "idp";
    public const string Started = "session_started";
    public const string Purpose = "purpose";
    public const string PurposeDetail = "purpose_detail";
    public const string Development = "development";
    public const string Oidc = "oidc";

    public static ClaimsPrincipal Create(string subject, string? name, IEnumerable<string> roles, string identityProvider, DateTimeOffset started)
    {
        var claims = new List<Claim>
        {
            new(Subject, subject),
            new(Name, string.IsNullOrWhiteSpace(name) ? subject : name),
            new(IdentityProvider, identityProvider),
            new(Started, started.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };
        claims.AddRange(roles.Distinct(StringComparer.Ordinal).Select(r => new Claim(Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, WebAuth.CookieScheme, Name, Role));
    }

    /// <summary>The same session with the purpose of use replaced.</summary>
    public static ClaimsPrincipal WithPurpose(ClaimsPrincipal user, StatedPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(purpose);
        var claims = user.Claims.Where(c => c.Type is not (Purpose or PurposeDetail)).Select(c => new Claim(c.Type, c.Value)).ToList();
        claims.Add(new Claim(Purpose, purpose.Code));
        if (purpose.Detail is { } detail)
        {
            claims.Add(new Claim(PurposeDetail, detail));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, WebAuth.CookieScheme, Name, Role));
    }

    /// <summary>The purpose stated for this session, or null before one is stated.</summary>
    public static StatedPurpose? PurposeOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(Purpose)?.Value is { } code ? new StatedPurpose(code, user.FindFirst(PurposeDetail)?.Value) : null;
    }

    public static DateTimeOffset? StartedAt(ClaimsPrincipal user) =>
        long.TryParse(user?.FindFirst(Started)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
