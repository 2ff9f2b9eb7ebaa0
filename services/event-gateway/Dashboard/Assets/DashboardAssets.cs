using System.Collections.Frozen;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Fleet.EventGateway.Dashboard.Assets;

/// <summary>
/// The page's files (index.html, dashboard.css, dashboard.js), embedded in the gateway's assembly so the page needs no
/// build step, no files next to the binary and nothing from a CDN. Read once at start; the Jaeger URL is written into
/// index.html then. Each answer carries an ETag, so a reload costs a 304.
/// </summary>
internal sealed class DashboardAssets
{
    /// <summary>The page.</summary>
    public const string Index = "index.html";

    private const string ResourcePrefix = "Fleet.EventGateway.Dashboard.Assets.";
    private const string JaegerPlaceholder = "{{JAEGER_URL}}";

    private readonly FrozenDictionary<string, Asset> _assets;

    public DashboardAssets(IOptions<DashboardOptions> options)
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var jaeger = WebUtility.HtmlEncode(options.Value.JaegerUrl?.Trim() ?? string.Empty);
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            if (name == Index)
            {
                text = text.Replace(JaegerPlaceholder, jaeger, StringComparison.Ordinal);
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            var tag = new EntityTagHeaderValue('"' + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + '"');
            assets[name] = new Asset(bytes, ContentTypeOf(name), tag);
        }

        if (!assets.ContainsKey(Index))
        {
            throw new InvalidOperationException($"The dashboard's {Index} is not embedded in {assembly.GetName().Name}.");
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The file <paramref name="name"/> (200, or 304 for a matching If-None-Match), or 404.</summary>
    public IResult Serve(string name, HttpContext context)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        // Revalidated on every load: a new gateway version serves new files at once.
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(asset.Bytes, asset.ContentType, entityTag: asset.Tag);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string ContentType, EntityTagHeaderValue Tag);
}
