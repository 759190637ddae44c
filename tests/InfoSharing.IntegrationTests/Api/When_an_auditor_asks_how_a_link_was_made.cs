using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Api;

public sealed class When_an_auditor_asks_how_a_link_was_made(InfraFixture infra) : IntegrationTest(infra)
{
    private static readonly AuthOptions Auth = new() { SigningKey = Hosts.DevelopmentSigningKey };

    [Fact]
    public async Task The_linkage_names_the_man_the_rule_and_the_source_message()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "audit-1");
        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));

        using var request = Get($"/api/infants/{Examples.MotherNhs}/linkage", Token(Roles.Auditor));
        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var child = body.GetProperty("children").EnumerateArray().Single();
        Assert.Equal("unborn", child.GetProperty("kind").GetString());
        Assert.Equal("2027-03-15", child.GetProperty("expectedDeliveryDate").GetString());
        var man = child.GetProperty("linkedPeople").EnumerateArray().Single();
        Assert.Equal(Examples.FatherNhs, man.GetProperty("nhsNumber").GetString());
        Assert.Equal("biological-father", man.GetProperty("relationship").GetString());
        Assert.Equal("midwifery-stated-unborn-child", man.GetProperty("rule").GetString());
        var evidence = man.GetProperty("evidence").EnumerateArray().Single();
        Assert.Equal("midwifery", evidence.GetProperty("agency").GetString());
        Assert.Equal("audit-1", evidence.GetProperty("messageId").GetString());
        Assert.Equal("NFTHF", evidence.GetProperty("code").GetString());
        // The father was first seen in this message, so his record made a new person.
        Assert.Equal("new-person", evidence.GetProperty("personLinkRule").GetString());
    }

    [Fact]
    public async Task Callers_without_a_valid_auditor_token_are_refused()
    {
        var api = await StartApiAsync();
        var path = $"/api/infants/{Examples.MotherNhs}/linkage";
        var wrongKey = new AuthOptions { SigningKey = "a-different-key-that-the-api-does-not-trust-000" };

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, Get(path, token: null)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, Get(path, DevelopmentTokens.Mint(wrongKey, "auditor-1", [Roles.Auditor], TimeSpan.FromMinutes(5)))));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, Get(path, DevelopmentTokens.Mint(Auth, "auditor-1", [Roles.Auditor], TimeSpan.FromMinutes(-5)))));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(api, Get(path, Token(Roles.Agency))));
    }

    [Fact]
    public async Task An_invalid_nhs_number_is_a_problem_not_a_search()
    {
        var api = await StartApiAsync();
        using var response = await api.SendAsync(Get("/api/infants/9990000019/linkage", Token(Roles.Auditor)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Both_hosts_report_ready_when_database_and_broker_answer()
    {
        var worker = await StartWorkerAsync();
        var api = await StartApiAsync();
        using var workerClient = new HttpClient { BaseAddress = new Uri(worker.Urls.First()) };

        // The first line is the overall status; each check follows with its own.
        Assert.StartsWith("Healthy\n", await api.GetStringAsync(new Uri("/health/ready", UriKind.Relative)), StringComparison.Ordinal);
        var ready = await workerClient.GetStringAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.StartsWith("Healthy\n", ready, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhealthy", ready, StringComparison.Ordinal);
    }

    private static string Token(string role) => DevelopmentTokens.Mint(Auth, "test-user", [role], TimeSpan.FromMinutes(5));

    private static HttpRequestMessage Get(string path, string? token)
    {
        var request = ApiCalls.Get(path, token);
        return request;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
    }
}
