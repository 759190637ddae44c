namespace InfoSharing.Api.Web;

/// <summary>
/// Headers on every page: a content security policy that allows nothing but this host (no scripts at all: the pages
/// need none), no framing, no referrer, no caching of pages that show people.
/// </summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseWebSecurityHeaders(this IApplicationBuilder app, WebOptions web)
    {
        var formAction = "'self'" + (Uri.TryCreate(web.Oidc.Authority, UriKind.Absolute, out var authority) ? " " + authority.GetLeftPart(UriPartial.Authority) : string.Empty);
        var policy = $"default-src 'none'; style-src 'self'; img-src 'self'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (WebPaths.IsPage(path) || path.StartsWithSegments("/assets"))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.ContentSecurityPolicy = policy;
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                    if (!path.StartsWithSegments("/assets"))
                    {
                        headers.CacheControl = "no-store";
                    }

                    return Task.CompletedTask;
                });
            }

            await next();
        });
    }
}
