using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InfoSharing.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal OpenID Connect identity provider on 127.0.0.1: discovery document and JWKS (one RSA key), and RS256
/// tokens it signs. What the API in Production trusts through Auth:Authority.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    private static readonly string[] Algorithms = ["RS256"];

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private TestIdentityProvider(WebApplication app, RsaSecurityKey key, string authority)
    {
        _app = app;
        _key = key;
        Authority = authority;
    }

    public string Authority { get; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key-1" };
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        var app = builder.Build();
        string? authority = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority!,
            ["jwks_uri"] = authority + "/jwks",
            ["id_token_signing_alg_values_supported"] = Algorithms,
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        await app.StartAsync();
        authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return new TestIdentityProvider(app, key, authority);
    }

    /// <summary>A token as the identity provider issues it (RS256), or signed with <paramref name="credentials"/> instead.</summary>
    public string Token(string role, string audience = "infosharing-api", SigningCredentials? credentials = null, string? issuer = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "oidc-user"), new Claim("role", role)]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = credentials ?? new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
