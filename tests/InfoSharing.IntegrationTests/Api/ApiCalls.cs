using System.Net.Http.Headers;
using InfoSharing.Api.Auditing;
using InfoSharing.Api.Auth;
using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Api;

/// <summary>Tokens and requests as a caller of the API makes them.</summary>
internal static class ApiCalls
{
    /// <summary>A stated purpose as the audit log records it: the code, then the detail after ": " (split into the two headers).</summary>
    public const string Purpose = "practice-review: PR-2027-01 integration test of the synthetic case";

    public static readonly AuthOptions Auth = new() { SigningKey = Hosts.DevelopmentSigningKey };

    /// <summary>A key the API does not trust: the token's signature cannot be checked.</summary>
    public static readonly AuthOptions WrongKey = new() { SigningKey = "a-different-key-that-the-api-does-not-trust-000" };

    public static string Token(string role, string? agency = null, string subject = "test-user", TimeSpan? lifetime = null, AuthOptions? key = null) =>
        DevelopmentTokens.Mint(
            key ?? Auth,
            subject,
            [role],
            lifetime ?? TimeSpan.FromMinutes(5),
            agency is null ? null : new Dictionary<string, string> { [Roles.AgencyClaim] = agency });

    public static HttpRequestMessage Get(string path, string? token, string? purpose = Purpose)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (purpose is not null)
        {
            var split = purpose.IndexOf(": ", StringComparison.Ordinal);
            request.Headers.Add(PurposeOfUse.Header, split < 0 ? purpose : purpose[..split]);
            if (split >= 0)
            {
                request.Headers.Add(PurposeOfUse.DetailHeader, purpose[(split + 2)..]);
            }
        }

        return request;
    }

    public static async Task<HttpResponseMessage> GetAsync(this HttpClient client, string path, string? token, string? purpose = Purpose)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = Get(path, token, purpose);
        return await client.SendAsync(request);
    }
}
