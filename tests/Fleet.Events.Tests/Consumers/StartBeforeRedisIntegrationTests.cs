using System.Collections.Concurrent;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Events.Tests.Consumers;

/// <summary>A host started while its Redis is down (a container before its Redis): it starts, is not ready, then consumes.</summary>
public sealed class StartBeforeRedisIntegrationTests : IAsyncLifetime
{
    private readonly RedisHosts _hosts = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HostStartedWhileRedisIsDown_IsUnhealthyNamingRedisThenConsumesOnceItIsUp()
    {
        var server = _hosts.Own(await RedisServer.StartAsync(cancellationToken: Cancel));
        await server.StopAsync();
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<string>();
        var logs = new LogCollector();
        var redis = RedisHosts.QuickRetries(server.Url);
        var host = _hosts.Create(redis, stream, "early", (context, _) =>
        {
            handled.Enqueue(context.Data.OrderId);
            return ValueTask.CompletedTask;
        }, logs);
        var check = new FleetEventsHealthCheck(host.Services);

        await host.StartAsync(Cancel);

        var down = await check.CheckHealthAsync(new HealthCheckContext(), Cancel);
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.StartsWith($"Redis at redis://{server.Host}:{server.Port}/0 is unreachable.", down.Description, StringComparison.Ordinal);
        Assert.Contains(logs.Records, r => r.Id == 1100);
        Assert.Contains(logs.Records, r => r.Id == 1101);

        await server.RestartAsync(Cancel);

        await Eventually.TrueAsync(async () => (await check.CheckHealthAsync(new HealthCheckContext(), Cancel)).Status == HealthStatus.Healthy, "the group was created and reads", TimeSpan.FromSeconds(30));
        await host.Services.GetRequiredService<IEventPublisher>().PublishAsync(stream, new OrderPlaced("o-1", 1), cancellationToken: Cancel);
        await Eventually.TrueAsync(() => handled.Contains("o-1"), "the order published after Redis came up was handled");
    }

    [Fact]
    public async Task UseRedisWithOptions_ResolvingRedisClient_GivesTheBusOwnClient()
    {
        var server = _hosts.Own(await RedisServer.StartAsync(cancellationToken: Cancel));
        var host = _hosts.Create(RedisHosts.QuickRetries(server.Url), TestStreams.Unique(), "shared", (_, _) => ValueTask.CompletedTask);
        await host.StartAsync(Cancel);

        var client = host.Services.GetRequiredService<RedisClient>();

        Assert.Same(host.Services.GetRequiredService<OwnedRedisClient>().Client, client);
        Assert.Equal("PONG", await client.PingAsync(Cancel));
    }

    [Fact]
    public async Task UseRedisWithOptions_HostDisposed_DisposesTheClientItCreated()
    {
        var server = _hosts.Own(await RedisServer.StartAsync(cancellationToken: Cancel));
        var host = _hosts.Create(RedisHosts.QuickRetries(server.Url), TestStreams.Unique(), "owner", (_, _) => ValueTask.CompletedTask);
        await host.StartAsync(Cancel);
        var client = host.Services.GetRequiredService<OwnedRedisClient>().Client;
        Assert.Equal("PONG", await client.PingAsync(Cancel));

        await host.StopAsync(Cancel);
        host.Dispose();

        Assert.False(client.IsConnected);
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(async () => await client.PingAsync(Cancel));
    }

    [Fact]
    public async Task RedisRefusesTheCredentials_HealthSaysMisconfiguredAndTheRefusalIsLoggedOnceWhileRetrying()
    {
        var server = _hosts.Own(await RedisServer.StartAsync(new RedisServerOptions { Password = "the-right-one" }, Cancel));
        var logs = new LogCollector();
        var redis = RedisHosts.QuickRetries(server.Url) with { Password = "a-wrong-one" };
        var host = _hosts.Create(redis, TestStreams.Unique(), "refused", (_, _) => ValueTask.CompletedTask, logs);
        var check = new FleetEventsHealthCheck(host.Services);

        await host.StartAsync(Cancel);

        var refused = await Eventually.UntilAsync(
            async () => await check.CheckHealthAsync(new HealthCheckContext(), Cancel),
            result => result.Description?.Contains("misconfigured", StringComparison.Ordinal) == true,
            "health reports the refused credentials");
        Assert.Equal(HealthStatus.Unhealthy, refused.Status);
        Assert.Contains("WRONGPASS", refused.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-one", refused.Description, StringComparison.Ordinal);

        // The client keeps retrying; the refusal is one Error line, not one per attempt.
        var client = host.Services.GetRequiredService<OwnedRedisClient>().Client;
        var attempts = 0;
        client.ReconnectAttemptFailed += (_, _) => Interlocked.Increment(ref attempts);
        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) >= 3, "three more refused attempts");
        Assert.Single(logs.Records, r => r.Id == 4003);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();
}
