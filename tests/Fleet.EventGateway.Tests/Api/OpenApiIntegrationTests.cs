using System.Text.Json;
using Fleet.EventGateway.Tests.Api.Support;
using Fleet.Testing;

namespace Fleet.EventGateway.Tests.Api;

/// <summary>The OpenAPI document the gateway serves: anonymous, every API route, the ApiKey scheme on each protected one.</summary>
public sealed class OpenApiIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Document_ListsEveryRouteWithTheApiKeyScheme()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);

        using var response = await host.GetAsync("/openapi/v1.json", key: null);

        var document = await GatewayApiHost.JsonAsync(response, 200);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        (string Path, string Method)[] routes =
        [
            ("/events", "post"), ("/events/batch", "post"), ("/events", "get"), ("/events/{id}", "get"), ("/events/{id}/conversation", "get"),
            ("/events/stats", "get"), ("/dead-letters", "get"), ("/dead-letters/{stream}/{kind}/{entryId}", "get"),
            ("/dead-letters/redrive", "post"), ("/dead-letters/purge", "post"),
        ];
        var paths = document.GetProperty("paths");
        foreach (var (path, method) in routes)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing from {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method.ToUpperInvariant()} {path} is missing");
            var security = operation.GetProperty("security").EnumerateArray().SelectMany(requirement => requirement.EnumerateObject()).Select(p => p.Name);
            Assert.Contains("ApiKey", security);
        }

        Assert.Equal(JsonValueKind.Object, paths.GetProperty("/events").GetProperty("post").GetProperty("requestBody").ValueKind);
    }
}
