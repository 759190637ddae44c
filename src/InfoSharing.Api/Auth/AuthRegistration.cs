using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace InfoSharing.Api.Auth;

public static class AuthRegistration
{
    public static IServiceCollection AddInfoSharingAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((bearer, auth) =>
            {
                var options = auth.Value;
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    RoleClaimType = "role",
                    NameClaimType = "sub",
                };
                if (!string.IsNullOrWhiteSpace(options.Authority))
                {
                    bearer.Authority = options.Authority;
                }
                else
                {
                    bearer.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.Key(options.SigningKey!);
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
