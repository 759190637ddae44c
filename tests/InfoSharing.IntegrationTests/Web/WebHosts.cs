using System.Text.RegularExpressions;
using InfoSharing.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Web;

/// <summary>The API host with the web application, spoken to over plain HTTP (no browser), and the development sign-in.</summary>
internal static partial class WebHosts
{
    /// <summary>
    /// Builds the API host with the pages on, as <paramref name="environment"/> runs it; <paramref name="beforeStart"/>
    /// may add to it before it starts. Outside Development the API takes tokens only from an identity provider.
    /// </summary>
    public static async Task<WebApplication> StartAsync(
        InfraFixture infra, string environment, Action<WebApplication>? beforeStart, params (string Key, string? Value)[] web)
    {
        var settings = Hosts.ApiSettings(infra);
        settings["Web:Enabled"] = "true";
        if (environment != "Development")
        {
            settings["Auth:SigningKey"] = null;
            settings["Auth:Authority"] = "https://identity.example.invalid";
        }

        foreach (var (key, value) in web)
        {
            settings[key] = value;
        }

        var root = Directory.CreateTempSubdirectory("infosharing-web-").FullName;
        var app = ApiApp.Build(["--contentRoot", root, "--environment", environment], configuration => configuration.AddInMemoryCollection(settings));
        try
        {
            beforeStart?.Invoke(app);
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
    /// A client that shows every redirect and sends only the cookies a test gives it; without <paramref name="propagateTraces"/>
    /// it sends only the trace context a test gives it.
    /// </summary>
    public static HttpClient Client(WebApplication app, bool propagateTraces = true) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ActivityHeadersPropagator = propagateTraces ? System.Diagnostics.DistributedContextPropagator.Current : null,
    })
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
    };

    /// <summary>The sign-in form's antiforgery cookie (name=value) and the token in the form.</summary>
    public static async Task<(string Cookie, string Token)> SignInFormAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var form = await http.GetAsync(new Uri("/sign-in", UriKind.Relative));
        var token = Token().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        var cookie = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("infosharing-antiforgery=", StringComparison.Ordinal)).Split(';')[0];
        return (cookie, token);
    }

    /// <summary>
    /// Posts the development sign-in form with its antiforgery token, as a browser would (the form just fetched, or
    /// <paramref name="form"/>); the answer carries the session cookie.
    /// </summary>
    public static async Task<HttpResponseMessage> PostDevelopmentSignInAsync(HttpClient http, string subject, string role, (string Cookie, string Token)? form = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (cookie, token) = form ?? await SignInFormAsync(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/sign-in?handler=Development", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["subject"] = subject, ["role"] = role, ["__csrf"] = token }),
        };
        request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }

    /// <summary>The name=value of the session cookie a sign-in set.</summary>
    public static string SessionCookie(HttpResponseMessage signedIn) =>
        signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("infosharing-session=", StringComparison.Ordinal)).Split(';')[0];

    public static async Task<string> SignInAsync(HttpClient http, string subject, string role)
    {
        using var signedIn = await PostDevelopmentSignInAsync(http, subject, role);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        return SessionCookie(signedIn);
    }

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
