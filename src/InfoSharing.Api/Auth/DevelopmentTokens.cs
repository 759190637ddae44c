using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InfoSharing.Api.Auth;

/// <summary>Mints tokens signed with the development key, for local use and tests.</summary>
public static class DevelopmentTokens
{
    public static SymmetricSecurityKey Key(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    public static string Mint(AuthOptions options, string subject, IEnumerable<string> roles, TimeSpan lifetime, IDictionary<string, string>? extraClaims = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var signingKey = options.SigningKey ?? throw new InvalidOperationException("Auth:SigningKey is not set; tokens from an identity provider cannot be minted here.");
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        if (extraClaims is not null)
        {
            claims.AddRange(extraClaims.Select(c => new Claim(c.Key, c.Value)));
        }

        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.DevelopmentIssuerOrSet,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now.Add(lifetime),
            SigningCredentials = new SigningCredentials(Key(signingKey), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>`mint-token --sub NAME --role ROLE [--role ROLE] [--agency CODE] [--minutes N]`: prints a token to stdout.</summary>
    public static int RunCommand(string[] args, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var subject = "dev-user";
        var roles = new List<string>();
        var minutes = 60;
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--sub": subject = args[i + 1]; break;
                case "--role": roles.Add(args[i + 1]); break;
                case "--minutes": minutes = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--agency": extra[Roles.AgencyClaim] = args[i + 1]; break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}. Usage: mint-token --sub NAME --role ROLE [--agency CODE] [--minutes N]");
                    return 2;
            }
        }

        if (roles.Count == 0)
        {
            roles.Add(Roles.Auditor);
        }

        Console.WriteLine(Mint(options, subject, roles, TimeSpan.FromMinutes(minutes), extra));
        return 0;
    }
}
