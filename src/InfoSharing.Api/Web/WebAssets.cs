using System.Collections.Frozen;
using System.Security.Cryptography;

namespace InfoSharing.Api.Web;

/// <summary>
/// The pages' styles and images, embedded in the assembly (Web/Assets: the NHS.UK frontend built once from its npm
/// package, see Web/Assets/README.md, and InfoSharing's own app.css) and served at /assets/, so that the host needs
/// neither npm nor a content root, and loads nothing from outside itself.
/// </summary>
public static class WebAssets
{
    private const string Prefix = "web-assets/";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    /// <summary>The URL of an asset with its content hash, so that a changed file is never read from a cache.</summary>
    public static string Url(string name) => Assets.TryGetValue(name, out var asset) ? $"/assets/{name}?v={asset.Hash}" : throw new ArgumentException($"No asset {name}.", nameof(name));

    public static IEndpointRouteBuilder MapWebAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/{**name}", (string name, HttpContext http) =>
        {
            if (!Assets.TryGetValue(name, out var asset))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=86400";
            http.Response.Headers.ETag = $"\"{asset.Hash}\"";
            return http.Request.Headers.IfNoneMatch == $"\"{asset.Hash}\"" ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(asset.Content, asset.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var content = memory.ToArray();
            var name = resource[Prefix.Length..].Replace('\\', '/');
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[name] = new Asset(content, type, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Content, string ContentType, string Hash);
}
