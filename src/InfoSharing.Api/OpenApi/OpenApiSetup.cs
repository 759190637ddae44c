using InfoSharing.Contracts;
using InfoSharing.Api.Auditing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace InfoSharing.Api.OpenApi;

/// <summary>
/// The OpenAPI document at /openapi/v1.json and the interactive page at /docs (Swagger UI, assets served from the
/// package, no CDN). Both are anonymous in Development only; elsewhere they need a valid token. Every /api operation is marked as
/// needing a bearer token, and those that return information about people as needing the purpose-of-use header.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string DocsPrefix = "docs";
    private const string Bearer = "Bearer";

    public static IServiceCollection AddInfoSharingOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "InfoSharing API",
                    Version = "v1",
                    Description = "Linkage history, flags, disclosures and the audit log for auditors; message status for agencies. "
                        + $"Every call needs a JWT bearer token; reads about people need the {PurposeOfUse.Header} header. "
                        + "Errors are application/problem+json. See docs/api.md.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A token from the organisation's identity provider (locally: `InfoSharing.Api.dll mint-token`), with role claims auditor, reviewer, agency (plus an agency claim), operator or admin.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    return Task.CompletedTask;
                }

                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
                operation.Responses ??= [];
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or an expired or wrongly signed one." });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token's role may not call this endpoint." });
                if (metadata.OfType<PurposeOfUseRequired>().Any())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = PurposeOfUse.Header,
                        In = ParameterLocation.Header,
                        Required = true,
                        Description = "Why you are reading this, from the coded list (recorded in the audit log with the read): "
                            + string.Join("; ", PurposesOfUse.All.Select(p => $"`{p.Code}` {p.Display}" + (p.DetailRequired ? $" (needs {PurposeOfUse.DetailHeader})" : string.Empty))) + ".",
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Enum = PurposesOfUse.All.Select(p => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(p.Code)!).ToList(),
                        },
                    });
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = PurposeOfUse.DetailHeader,
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "Which enquiry, review or request (free text, recorded with the read). No names or NHS numbers.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = PurposeOfUse.DetailMinLength, MaxLength = PurposeOfUse.DetailMaxLength },
                    });
                    operation.Responses.TryAdd("400", new OpenApiResponse { Description = $"Missing or unusable {PurposeOfUse.Header}, or invalid parameters." });
                }

                return Task.CompletedTask;
            });
        });

    /// <summary>The Swagger UI at /docs; unless <paramref name="anonymous"/>, only for an authenticated caller (else 401).</summary>
    public static WebApplication UseInfoSharingDocs(this WebApplication app, bool anonymous)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!anonymous)
        {
            app.UseWhen(
                http => http.Request.Path.StartsWithSegments("/" + DocsPrefix),
                docs => docs.Use(async (http, next) =>
                {
                    if (http.User.Identity?.IsAuthenticated != true)
                    {
                        await http.ChallengeAsync();
                        return;
                    }

                    await next(http);
                }));
        }

        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = DocsPrefix;
            options.DocumentTitle = "InfoSharing API";
            options.SwaggerEndpoint(DocumentPath, "InfoSharing API v1");
        });
        return app;
    }
}
