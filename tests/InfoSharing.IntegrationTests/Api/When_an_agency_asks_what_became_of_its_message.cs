using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InfoSharing.Api.Auth;
using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Api;

public sealed class When_an_agency_asks_what_became_of_its_message(InfraFixture infra) : IntegrationTest(infra)
{
    private static readonly AuthOptions Auth = new() { SigningKey = Hosts.DevelopmentSigningKey };

    [Fact]
    public async Task It_reads_the_rejection_code_and_reason_of_its_own_message()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        await Agency.PublishAsync("midwifery.fhir", Encoding.UTF8.GetBytes("{oops"), "status-1");
        Assert.NotNull(await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience));

        using var response = await api.SendAsync(Get("/api/ingest/midwifery/messages/status-1", AgencyToken("midwifery")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rejected", body.GetProperty("status").GetString());
        Assert.Equal("invalid-json", body.GetProperty("errorCode").GetString());
        Assert.Contains("not well-formed JSON", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_agency_or_an_anonymous_caller_is_refused()
    {
        await StartWorkerAsync();
        var api = await StartApiAsync();
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "status-2");
        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));
        const string path = "/api/ingest/midwifery/messages/status-2";

        using var own = await api.SendAsync(Get(path, AgencyToken("midwifery")));
        using var other = await api.SendAsync(Get(path, AgencyToken("gp")));
        using var anonymous = await api.SendAsync(Get(path, null));
        using var auditor = await api.SendAsync(Get(path, DevelopmentTokens.Mint(Auth, "auditor-1", [Roles.Auditor], TimeSpan.FromMinutes(5))));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("accepted", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
    }

    private static string AgencyToken(string agency) => DevelopmentTokens.Mint(
        Auth, $"{agency}-system", [Roles.Agency], TimeSpan.FromMinutes(5), new Dictionary<string, string> { [Roles.AgencyClaim] = agency });

    private static HttpRequestMessage Get(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
