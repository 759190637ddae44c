namespace InfoSharing.Api.Web;

/// <summary>Which requests are the web application's pages: everything but the API, its documentation, health and the static assets.</summary>
internal static class WebPaths
{
    public static bool IsPage(PathString path) =>
        !path.StartsWithSegments("/api") && !path.StartsWithSegments("/docs") && !path.StartsWithSegments("/openapi")
        && !path.StartsWithSegments("/health") && !path.StartsWithSegments("/assets");
}
