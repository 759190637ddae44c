using System.Diagnostics;
using System.Net;
using InfoSharing.Api.Auth;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace InfoSharing.IntegrationTests.Web;

/// <summary>
/// A missing page, a page of another role and a failure behind a page each answer with the service's own page: what
/// happened, what to do, and the trace id to quote to the service desk; nothing of the failure or the request. The
/// API keeps answering problem+json.
/// </summary>
public sealed class When_a_page_cannot_be_shown(InfraFixture infra) : IntegrationTest(infra)
{
    private const string Secret = "9990000018 Testwood";
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();

        // A failure as a page or an endpoint meets it (the kind a broken query throws), its message holding what must never reach a person.
        _app = await WebHosts.StartAsync(Infra, "Development", app =>
        {
            app.MapGet("/fails", (HttpContext _) => Fail()).AllowAnonymous();
            app.MapGet("/api/fails", (HttpContext _) => Fail());
        }, ("Web:DevelopmentSignIn", "true"));
        _http = WebHosts.Client(_app, propagateTraces: false);
    }

    public override async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_missing_page_says_so_with_the_reference_of_the_request()
    {
        var session = await WebHosts.SignInAsync(_http, "reviewer-1", "reviewer");

        var (response, page, trace) = await GetAsync("/reviews/not-a-review", session);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>Page not found</h1>", page, StringComparison.Ordinal);
        Assert.Contains(trace, page, StringComparison.Ordinal);
        Assert.Contains("nhsuk-header", page, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-review", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_of_another_role_is_refused_in_place_with_the_reference_of_the_request()
    {
        var session = await WebHosts.SignInAsync(_http, "reviewer-1", "reviewer");

        var (response, page, trace) = await GetAsync("/terminology", session);

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, page);
        Assert.Null(response.Headers.Location);
        Assert.Contains("<h1>You do not have access to this page</h1>", page, StringComparison.Ordinal);
        Assert.Contains(trace, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_shows_the_reference_and_nothing_of_the_failure()
    {
        var session = await WebHosts.SignInAsync(_http, "reviewer-1", "reviewer");

        var (response, page, trace) = await GetAsync("/fails", session);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>Sorry, there is a problem with the service</h1>", page, StringComparison.Ordinal);
        Assert.Contains(trace, page, StringComparison.Ordinal);
        foreach (var leak in new[] { "9990000018", "Testwood", nameof(InvalidOperationException), "   at ", nameof(Fail) })
        {
            Assert.DoesNotContain(leak, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_form_posted_without_its_token_is_refused_with_a_page()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/sign-in?handler=Development", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["subject"] = "mallory", ["role"] = "admin" }),
        };
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<h1>There is a problem with the request</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_page_opened_directly_is_a_page_that_does_not_exist()
    {
        var (response, page, _) = await GetAsync("/error/500", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<h1>Page not found</h1>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/no-such-endpoint", HttpStatusCode.NotFound)]
    [InlineData("/api/fails", HttpStatusCode.InternalServerError)]
    [InlineData("/assets/no-such-asset.css", HttpStatusCode.NotFound)]
    public async Task The_api_answers_problem_json_even_to_a_browser_with_a_session(string path, HttpStatusCode status)
    {
        var session = await WebHosts.SignInAsync(_http, "reviewer-1", "reviewer");

        var (response, body, _) = await GetAsync(path, session, ApiCalls.Token(Roles.Reviewer));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Testwood", body, StringComparison.Ordinal);
    }

    /// <summary>A browser's GET with the session cookie and a trace context of its own, so that the reference to expect is known.</summary>
    private async Task<(HttpResponseMessage Response, string Body, string TraceId)> GetAsync(string path, string? session, string? token = null)
    {
        var trace = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        if (session is not null)
        {
            request.Headers.Add("Cookie", session);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"{path}: {(int)response.StatusCode} trace {trace}\n{body}");
        return (response, body, trace);
    }

    private static IResult Fail() => throw new InvalidOperationException($"The query for {Secret} failed.");
}
