using System.Net;
using Fleet.EventGateway.Api.Security;
using Fleet.EventGateway.Tests.Api.Support;
using Fleet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fleet.EventGateway.Tests.Api;

/// <summary>The ApiKey scheme, its policies and the per-key rate limit, through real requests.</summary>
public sealed class SecurityIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Request_WithoutOrWithAWrongKey_Returns401ProblemAndWritesNothing()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);

        using var noKey = await host.PostAsync("/events", SampleEvents.FileUploaded(), key: null);
        using var wrongKey = await host.PostAsync("/events", SampleEvents.FileUploaded(), key: "admin-key-0123456789abcdeX");
        using var noKeyRead = await host.GetAsync("/events/stats", key: null);

        foreach (var response in new[] { noKey, wrongKey, noKeyRead })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        Assert.Empty(await host.KeysAsync());
    }

    [Fact]
    public async Task ReadOnlyKey_ReadsButCannotChangeState()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server);

        using var publish = await host.PostAsync("/events", SampleEvents.FileUploaded(), GatewayApiHost.ReadKey);
        using var redrive = await host.PostAsync("/dead-letters/redrive", """{"stream":"contextual.events"}""", GatewayApiHost.ReadKey);
        using var stats = await host.GetAsync("/events/stats", GatewayApiHost.ReadKey);

        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, redrive.StatusCode);
        Assert.Equal("application/problem+json", publish.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Empty(await host.KeysAsync());
    }

    [Fact]
    public async Task Gateway_WithoutAdminKey_RefusesEveryStateChangingCall()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, settings => settings.Remove("Gateway:ApiKeys:Admin:0"));

        using var withReadKey = await host.PostAsync("/events", SampleEvents.FileUploaded(), GatewayApiHost.ReadKey);
        using var withOldAdminKey = await host.PostAsync("/events", SampleEvents.FileUploaded(), GatewayApiHost.AdminKey);

        Assert.Equal(HttpStatusCode.Forbidden, withReadKey.StatusCode);
        Assert.Contains("none configured", await withReadKey.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, withOldAdminKey.StatusCode);
        Assert.Empty(await host.KeysAsync());
    }

    [Fact]
    public async Task AdminKeyFromAKeyFile_IsAccepted()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "# mounted secret\n\nfile-admin-key-0123456789\n", TestContext.Current.CancellationToken);
            await using var host = await GatewayApiHost.StartAsync(redis.Server, settings => settings["Gateway:ApiKeys:AdminFile"] = file);

            using var response = await host.PostAsync("/events", SampleEvents.FileUploaded(), "file-admin-key-0123456789");

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AdminKeyGivenAsOneValueRatherThanAList_IsAccepted()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, settings =>
        {
            settings.Remove("Gateway:ApiKeys:Admin:0");
            settings["Gateway:ApiKeys:Admin"] = "single-admin-key-0123456789";
        });

        using var response = await host.PostAsync("/events", SampleEvents.FileUploaded(), "single-admin-key-0123456789");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Key_OverItsRateLimit_Gets429WithRetryAfterWhileOtherKeysAndHealthGoOn()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, settings =>
        {
            settings["Gateway:RateLimit:PermitsPerWindow"] = "2";
            settings["Gateway:RateLimit:Window"] = "01:00:00";
        });

        using var first = await host.GetAsync("/events/stats", GatewayApiHost.ReadKey);
        using var second = await host.GetAsync("/events/stats", GatewayApiHost.ReadKey);
        using var third = await host.GetAsync("/events/stats", GatewayApiHost.ReadKey);
        using var otherKey = await host.GetAsync("/events/stats", GatewayApiHost.AdminKey);
        using var health = await host.GetAsync("/health/live", key: null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {third.Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task AccessTokenInTheQuery_CountsOnlyOnServerSentEventEndpoints()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, map: app =>
            app.MapGet("/test/sse", () => Results.Text("data: hello\n\n", "text/event-stream"))
                .RequireAuthorization(ApiKeyDefaults.ReadPolicy)
                .Produces(StatusCodes.Status200OK, contentType: "text/event-stream"));

        using var sse = await host.GetAsync($"/test/sse?access_token={GatewayApiHost.ReadKey}", key: null);
        using var api = await host.GetAsync($"/events/stats?access_token={GatewayApiHost.ReadKey}", key: null);

        Assert.Equal(HttpStatusCode.OK, sse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task ServerSentEventsClient_WithAWrongKey_Gets401NotAServerError()
    {
        await using var host = await GatewayApiHost.StartAsync(redis.Server, map: app =>
            app.MapGet("/test/sse", () => Results.Text("data: hello\n\n", "text/event-stream"))
                .RequireAuthorization(ApiKeyDefaults.ReadPolicy)
                .Produces(StatusCodes.Status200OK, contentType: "text/event-stream"));

        // A browser's EventSource accepts text/event-stream only: no problem details writer can answer it, yet the
        // status and the reason must still come back.
        foreach (var path in (string[])["/test/sse?access_token=not-a-key", "/test/sse"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("API key", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }
}
