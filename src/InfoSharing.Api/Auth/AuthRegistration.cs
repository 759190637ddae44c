using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace InfoSharing.Api.Auth;

public static class AuthRegistration
{
    /// <summary>
    /// JWT bearer authentication and the role policies. The bearer scheme is the default; a second (cookie) scheme for
    /// a web front end can be added beside it, since the policies name roles, not schemes.
    /// </summary>
    public static IServiceCollection AddInfoSharingAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidation>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((bearer, auth) =>
            {
                var options = auth.Value;
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ValidAudience = options.Audience,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    RoleClaimType = "role",
                    NameClaimType = "sub",
                };
                if (!string.IsNullOrWhiteSpace(options.Authority))
                {
                    // Keys from the authority's JWKS; the issuer from its metadata unless pinned; algorithms pinned.
                    bearer.Authority = options.Authority;
                    bearer.RequireHttpsMetadata = options.RequireHttpsMetadata;
                    bearer.TokenValidationParameters.ValidIssuer = options.Issuer;
                    bearer.TokenValidationParameters.ValidAlgorithms = options.Algorithms;
                }
                else
                {
                    bearer.TokenValidationParameters.ValidIssuer = options.DevelopmentIssuerOrSet;
                    bearer.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.Key(options.SigningKey!);
                    bearer.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                }
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.AuditorPolicy, policy => policy.RequireRole(Roles.Auditor, Roles.Admin))
            .AddPolicy(Roles.ReviewerPolicy, policy => policy.RequireRole(Roles.Reviewer, Roles.Admin))
            .AddPolicy(Roles.TerminologyPolicy, policy => policy.RequireRole(Roles.Admin, Roles.Auditor))
            .AddPolicy(Roles.PersonLinksPolicy, policy => policy.RequireRole(Roles.Auditor, Roles.Reviewer, Roles.Admin))
            .AddPolicy(Roles.AgencyPolicy, policy => policy.RequireAssertion(context =>
                context.User.IsInRole(Roles.Admin) || (context.User.IsInRole(Roles.Agency) && context.User.HasClaim(c => c.Type == Roles.AgencyClaim))));
        return services;
    }
}
