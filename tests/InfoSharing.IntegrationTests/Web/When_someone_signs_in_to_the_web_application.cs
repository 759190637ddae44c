using System.Net;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InfoSharing.IntegrationTests.Web;

/// <summary>The sign-in settings and the session cookie, over plain HTTP (no browser needed to see headers).</summary>
public sealed class When_someone_signs_in_to_the_web_application(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async Task Production_refuses_to_start_with_the_development_sign_in()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync("Production", ("Web:DevelopmentSignIn", "true")));
        Assert.Contains("Web:DevelopmentSignIn", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_an_identity_provider()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync("Production"));
        Assert.Contains("Web:Oidc:Authority", failure.Message, StringComparison.Ordinal);

        failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync("Production", ("Web:Oidc:Authority", "http://idp.example.test"), ("Web:Oidc:ClientId", "infosharing")));
        Assert.Contains("https", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Web:Oidc:ClientSecret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_pages_send_the_browser_to_the_identity_provider_sign_in_and_carry_strict_headers()
    {
        // Behind the TLS-terminating proxy a deployment runs it behind (ASPNETCORE_FORWARDEDHEADERS_ENABLED): Secure cookies need https.
        await using var app = await StartAsync(
            "Production",
            ("FORWARDEDHEADERS_ENABLED", "true"),
            ("Web:Oidc:Authority", "https://idp.example.test/realms/partnership"),
            ("Web:Oidc:ClientId", "infosharing"),
            ("Web:Oidc:ClientSecret", "from-the-secret-store"));
        using var http = Client(app);
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var start = await http.GetAsync(new Uri("/children", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Fchildren", start.Headers.Location!.PathAndQuery);

        using var signIn = await http.GetAsync(new Uri(start.Headers.Location!.PathAndQuery, UriKind.Relative));
        var page = await signIn.Content.ReadAsStringAsync();
        Assert.Contains("Sign in with your organisation", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Development sign-in", page, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", signIn.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("form-action 'self' https://idp.example.test", signIn.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", signIn.Headers.CacheControl!.ToString());
        Assert.Equal("DENY", signIn.Headers.GetValues("X-Frame-Options").Single());
        var antiforgery = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-infosharing-antiforgery=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);

        // No form posts without its antiforgery token, the development sign-in is not there at all.
        using var forged = await http.PostAsync(new Uri("/sign-in?handler=Development", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["subject"] = "mallory", ["role"] = "admin" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(forged.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.Contains("infosharing-session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_development_session_cookie_is_http_only_lax_and_ends_with_the_browser()
    {
        await using var app = await StartAsync("Development", ("Web:DevelopmentSignIn", "true"));
        using var http = Client(app);
        using var signedIn = await WebHosts.PostDevelopmentSignInAsync(http, "auditor-1", "auditor");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/purpose?returnUrl=%2F", signedIn.Headers.Location!.OriginalString);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("infosharing-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", session, StringComparison.OrdinalIgnoreCase);

        // Signed in but no purpose stated yet: a page that reads about people sends the user to state one first, and reads nothing.
        using var timeline = new HttpRequestMessage(HttpMethod.Get, new Uri("/children", UriKind.Relative));
        timeline.Headers.Add("Cookie", session.Split(';')[0]);
        using var asked = await http.SendAsync(timeline);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.StartsWith("/purpose", asked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(await Infra.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Kind == AuditLog.ApiRead)));
    }

    private Task<WebApplication> StartAsync(string environment, params (string Key, string? Value)[] web) => WebHosts.StartAsync(Infra, environment, null, web);

    private static HttpClient Client(WebApplication app) => WebHosts.Client(app);
}
