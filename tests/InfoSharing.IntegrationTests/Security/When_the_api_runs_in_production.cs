using System.Net;
using System.Text;
using InfoSharing.Api.Auth;
using InfoSharing.Data.Audit;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace InfoSharing.IntegrationTests.Security;

/// <summary>
/// Outside Development the API trusts only its OpenID Connect authority (JWKS), pins the algorithms, refuses the
/// development signing key, and shows its documentation only to a caller with a valid token.
/// </summary>
public sealed class When_the_api_runs_in_production(InfraFixture infra) : IntegrationTest(infra)
{
    private TestIdentityProvider? _idp;

    public override async ValueTask DisposeAsync()
    {
        if (_idp is not null)
        {
            await _idp.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private async Task<(WebApplication App, HttpClient Client)> StartProductionApiAsync()
    {
        _idp = await TestIdentityProvider.StartAsync();
        return await Hosts.StartApiAsync(
            Infra, "Production", ("Auth:SigningKey", null), ("Auth:Authority", _idp.Authority), ("Auth:RequireHttpsMetadata", "false"));
    }

    [Fact]
    public async Task The_development_signing_key_stops_the_host_naming_the_setting()
    {
        var failure = await Record.ExceptionAsync(() => Hosts.StartApiAsync(Infra, "Production"));

        var validation = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains("Auth:SigningKey", validation.Message, StringComparison.Ordinal);
        Assert.Contains("Auth:Authority", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_tokens_signed_by_the_authority_with_a_pinned_algorithm_are_accepted()
    {
        var (app, api) = await StartProductionApiAsync();
        await using var _ = app;
        using var __ = api;
        var idp = _idp!;
        var developmentKey = new SigningCredentials(DevelopmentTokens.Key(Hosts.DevelopmentSigningKey), SecurityAlgorithms.HmacSha256);
        var otherRsa = new SigningCredentials(new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "test-key-1" }, SecurityAlgorithms.RsaSha256);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(api, idp.Token(Roles.Auditor)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, idp.Token(Roles.Auditor, credentials: developmentKey)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, idp.Token(Roles.Auditor, credentials: otherRsa)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, idp.Token(Roles.Auditor, audience: "another-api")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, idp.Token(Roles.Auditor, issuer: "https://elsewhere.example")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, Unsigned(idp)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(api, ApiCalls.Token(Roles.Auditor)));
    }

    [Fact]
    public async Task The_documentation_needs_a_token_and_every_refusal_is_audited()
    {
        var (app, api) = await StartProductionApiAsync();
        await using var _ = app;
        using var __ = api;

        using (var anonymousDocs = await api.GetAsync("/docs/index.html", token: null, purpose: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousDocs.StatusCode);
        }

        using (var anonymousDocument = await api.GetAsync("/openapi/v1.json", token: null, purpose: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousDocument.StatusCode);
        }

        using (var docs = await api.GetAsync("/docs/index.html", _idp!.Token(Roles.Reviewer), purpose: null))
        {
            Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        }

        using (var document = await api.GetAsync("/openapi/v1.json", _idp.Token(Roles.Reviewer), purpose: null))
        {
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        }

        using (var forbidden = await api.GetAsync($"/api/infants/{Examples.MotherNhs}/linkage", _idp.Token(Roles.Reviewer)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        var refused = await Infra.QueryAsync(db => db.AuditEntries.Where(e => e.Kind == AuditLog.ApiRefused).OrderBy(e => e.EntryNo).ToListAsync());
        Assert.Equal(3, refused.Count);
        Assert.Equal(["(anonymous)", "(anonymous)", "oidc-user"], refused.Select(e => e.Actor));
        Assert.Contains("/api/infants/{nhsNumber}/linkage", refused[2].Content, StringComparison.Ordinal);
        Assert.Contains("403", refused[2].Content, StringComparison.Ordinal);
        Assert.All(refused, e => Assert.DoesNotContain(Examples.MotherNhs, e.Content, StringComparison.Ordinal));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient api, string token)
    {
        using var response = await api.GetAsync("/api/audit/verify", token);
        return response.StatusCode;
    }

    private static string Unsigned(TestIdentityProvider idp)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"{Part("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Part($"{{\"iss\":\"{idp.Authority}\",\"aud\":\"infosharing-api\",\"sub\":\"x\",\"role\":\"auditor\",\"exp\":{now + 300}}}")}.";
    }
}
