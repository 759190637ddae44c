using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace InfoSharing.Api.Auth;

/// <summary>
/// JWT bearer settings (decision 0018). Outside Development the API takes tokens only from an OpenID Connect
/// identity provider: <see cref="Authority"/> (its signing keys come from its metadata and JWKS) and
/// <see cref="Audience"/>, with the signing algorithms pinned. A symmetric <see cref="SigningKey"/> and the
/// <c>mint-token</c> command exist only in Development.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The expected issuer; with an authority, the issuer its metadata names unless set.</summary>
    public string? Issuer { get; set; }

    [Required]
    public string Audience { get; set; } = "infosharing-api";

    /// <summary>OpenID Connect authority of the identity provider (every environment but Development needs it).</summary>
    public string? Authority { get; set; }

    /// <summary>Fetch the authority's metadata over HTTPS only (default). Off only for a local identity provider.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Signing algorithms accepted from the authority; anything else (none, HS256 with the public key) is refused.</summary>
    public List<string> Algorithms { get; set; } = ["RS256", "PS256", "ES256"];

    /// <summary>Symmetric development signing key, at least 32 characters. Refused outside Development.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Issuer of development tokens (mint-token) when no <see cref="Issuer"/> is set.</summary>
    public const string DevelopmentIssuer = "infosharing-dev";

    public string DevelopmentIssuerOrSet => Issuer ?? DevelopmentIssuer;
}

/// <summary>Checks <see cref="AuthOptions"/> against the environment at start: a bad setting stops the host naming it.</summary>
internal sealed class AuthOptionsValidation(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var development = environment.IsDevelopment();
        if (!string.IsNullOrWhiteSpace(options.SigningKey) && !development)
        {
            failures.Add($"Auth:SigningKey is set in the {environment.EnvironmentName} environment: a symmetric signing key is for Development only. Remove it and set Auth:Authority (your OpenID Connect identity provider) and Auth:Audience.");
        }

        if (string.IsNullOrWhiteSpace(options.Authority) && !development)
        {
            failures.Add($"Auth:Authority is required in the {environment.EnvironmentName} environment: the OpenID Connect identity provider whose keys sign the API's tokens.");
        }

        if (development && string.IsNullOrWhiteSpace(options.Authority) && (options.SigningKey is null || options.SigningKey.Length < 32))
        {
            failures.Add("Set Auth:Authority (identity provider) or, in Development only, Auth:SigningKey (at least 32 characters).");
        }

        if (!string.IsNullOrWhiteSpace(options.Authority) && !string.IsNullOrWhiteSpace(options.SigningKey))
        {
            failures.Add("Set Auth:Authority or Auth:SigningKey, not both.");
        }

        if (options.Algorithms.Count == 0 || options.Algorithms.Any(a => a is "none" || a.StartsWith("HS", StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add("Auth:Algorithms must name asymmetric algorithms only (RS256, PS256, ES256...): never none or HS*.");
        }

        if (!options.RequireHttpsMetadata && !development && options.Authority is { } authority
            && !authority.StartsWith("http://127.0.0.1", StringComparison.Ordinal) && !authority.StartsWith("http://localhost", StringComparison.Ordinal))
        {
            failures.Add("Auth:RequireHttpsMetadata may be false only for an identity provider on this machine (http://127.0.0.1 or http://localhost).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
