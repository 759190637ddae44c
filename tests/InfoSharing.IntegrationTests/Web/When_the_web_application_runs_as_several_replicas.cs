using System.Net;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InfoSharing.IntegrationTests.Web;

/// <summary>
/// The data protection key ring is in PostgreSQL under one application name: a session cookie and an antiforgery
/// token issued by one API host are accepted by another on the same database, while the first runs and after both
/// restart. Each host has a content root of its own, as separate deployments do.
/// </summary>
public sealed class When_the_web_application_runs_as_several_replicas(InfraFixture infra) : IntegrationTest(infra)
{
    private static readonly (string, string?)[] DevelopmentSignIn = [("Web:DevelopmentSignIn", "true")];

    [Fact]
    public async Task A_cookie_and_a_form_token_from_one_replica_are_accepted_by_another_and_after_a_restart()
    {
        var first = await WebHosts.StartAsync(Infra, "Development", null, DevelopmentSignIn);
        string session;
        (string Cookie, string Token) form;
        await using (first)
        {
            using var http = WebHosts.Client(first);
            session = await WebHosts.SignInAsync(http, "auditor-1", "auditor");
            form = await WebHosts.SignInFormAsync(http);

            await using var second = await WebHosts.StartAsync(Infra, "Development", null, DevelopmentSignIn);
            await AcceptsAsync(second, session, form);

            // The one key both used is the one in PostgreSQL, not a file of either host.
            var stored = await Infra.QueryAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync());
            var key = Assert.Single(stored);
            Assert.All(new[] { first, second }, host =>
                Assert.Contains(host.Services.GetRequiredService<IKeyManager>().GetAllKeys(), k => key.Xml!.Contains(k.KeyId.ToString(), StringComparison.Ordinal)));
        }

        await using var restarted = await WebHosts.StartAsync(Infra, "Development", null, DevelopmentSignIn);
        await AcceptsAsync(restarted, session, form);
    }

    /// <summary>The session is signed in on <paramref name="host"/>, and the sign-in form another host gave posts there.</summary>
    private static async Task AcceptsAsync(WebApplication host, string session, (string Cookie, string Token) form)
    {
        using var http = WebHosts.Client(host);
        using var start = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        start.Headers.Add("Cookie", session);
        using var page = await http.SendAsync(start);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("auditor-1 (auditor)", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var signedIn = await WebHosts.PostDevelopmentSignInAsync(http, "auditor-2", "auditor", form);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }
}
