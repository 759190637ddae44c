using System.ComponentModel.DataAnnotations;

namespace InfoSharing.Api.Auth;

/// <summary>
/// JWT bearer settings. In production set Authority (the organisation's identity provider, whose signing keys
/// are read from its OpenID metadata); for development set SigningKey and mint tokens with `mint-token`.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    [Required]
    public string Issuer { get; set; } = "infosharing-dev";

    [Required]
    public string Audience { get; set; } = "infosharing-api";

    /// <summary>OpenID Connect authority of the identity provider (production).</summary>
    public string? Authority { get; set; }

    /// <summary>Symmetric development signing key, at least 32 characters. Never use in production.</summary>
    public string? SigningKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Authority) && (SigningKey is null || SigningKey.Length < 32))
        {
            yield return new ValidationResult(
                "Set Auth:Authority (identity provider) or Auth:SigningKey (development key of at least 32 characters).",
                [nameof(Authority), nameof(SigningKey)]);
        }
    }
}
