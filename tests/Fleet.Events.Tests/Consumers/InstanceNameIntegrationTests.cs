using System.Collections.Concurrent;
using Fleet.Events.Consumers;
using Fleet.Events.Tests.Behaviour;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Tests.Consumers;

/// <summary>One consumer name, one live process: a second one refuses; a crashed one's successor takes the name over.</summary>
public sealed class InstanceNameIntegrationTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly RedisHosts _hosts = new();
    private readonly StreamKeys _keys = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SecondHostWithTheSameInstanceName_RefusesToStartNamingTheInstanceAndTheOption()
    {
        var stream = TestStreams.Unique();
        var first = Create(stream, "twin", new ConcurrentQueue<(long, string)>());
        await first.StartAsync(Cancel);
        var second = Create(stream, "twin", new ConcurrentQueue<(long, string)>());

        var error = await Assert.ThrowsAsync<InstanceNameInUseException>(() => second.StartAsync(Cancel));

        Assert.Contains("instance 'twin' in group workers", error.Message, StringComparison.Ordinal);
        Assert.Contains("Set Fleet:Events:InstanceName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredecessorKilledWithoutReleasingItsName_SuccessorTakesItAfterTheLeaseAndFinishesItsPendingEntries()
    {
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<(long DeliveryCount, string OrderId)>();
        var logs = new LogCollector();
        var host = Create(stream, "phoenix", handled, logs);
        var transport = BehaviourTestBase.TransportOf(host);
        var streamKey = _keys.Stream(stream);
        await transport.EnsureGroupAsync(streamKey, RedisHosts.Group, "0", Cancel);
        await RawPublisher.PlaceOrderAsync(host, _keys, stream, new OrderPlaced("o-1", 1));
        Assert.Single(await transport.ReadGroupAsync(streamKey, RedisHosts.Group, "phoenix", ">", 10, null, Cancel));

        // The predecessor's last renewal, as SIGKILL leaves it: nobody renews it again.
        var client = _hosts.Own(await RedisClient.ConnectAsync(redis.Server.Url, Cancel));
        var key = new ConsumerIdentity(_keys, stream, RedisHosts.Group, "phoenix").InstanceKey;
        Assert.True(await client.SetAsync(key, "killed-process:41", TimeSpan.FromMilliseconds(600), cancellationToken: Cancel));

        await host.StartAsync(Cancel);

        await Eventually.TrueAsync(() => !handled.IsEmpty, "the predecessor's pending entry was handled");
        Assert.Equal([(2L, "o-1")], handled);
        Assert.Contains(logs.Records, r => r.Id == 1102);
        Assert.Contains(logs.Records, r => r.Id == 1103);
        Assert.NotEqual("killed-process:41", (await client.GetAsync(key, Cancel)).ToString());
        await Eventually.TrueAsync(async () => (await transport.PendingAsync(streamKey, RedisHosts.Group, RedisStreamId.Zero, RedisStreamId.MaxValue, 10, null, Cancel)).Count == 0, "nothing stays pending");
    }

    [Fact]
    public async Task HostStoppedGracefully_ReleasesItsName_SuccessorStartsWithoutWatching()
    {
        var stream = TestStreams.Unique();
        var first = Create(stream, "relay", new ConcurrentQueue<(long, string)>());
        await first.StartAsync(Cancel);
        await first.StopAsync(Cancel);
        var logs = new LogCollector();
        var second = Create(stream, "relay", new ConcurrentQueue<(long, string)>(), logs);

        await second.StartAsync(Cancel);

        Assert.DoesNotContain(logs.Records, r => r.Id == 1102);
    }

    [Fact]
    public async Task StartFailsAfterTheNameWasTaken_ReleasesTheName()
    {
        var stream = TestStreams.Unique();
        var identity = new ConsumerIdentity(_keys, stream, RedisHosts.Group, "relay");
        await using var setup = await RedisClient.ConnectAsync(redis.Server.Url, Cancel);
        // A string where the stream should be: XGROUP CREATE fails with WRONGTYPE after the name was taken.
        Assert.True(await setup.SetAsync(identity.StreamKey, "not a stream", TimeSpan.FromMinutes(1), cancellationToken: Cancel));
        var host = Create(stream, "relay", new ConcurrentQueue<(long, string)>());

        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(Cancel));

        Assert.Equal(0L, (await setup.ExecuteAsync("EXISTS", identity.InstanceKey)).ToInt64());
    }

    [Fact]
    public async Task StartedWhileRedisIsDown_NameFoundInUseOnceItIsUp_LogsCriticalAndStopsTheApplication()
    {
        var server = _hosts.Own(await RedisServer.StartAsync(new RedisServerOptions { AppendOnly = true }, Cancel));
        var stream = TestStreams.Unique();
        var key = new ConsumerIdentity(_keys, stream, RedisHosts.Group, "late").InstanceKey;
        await using (var setup = await RedisClient.ConnectAsync(server.Url, Cancel))
        {
            // A live holder's key, kept in the AOF across the restart below.
            Assert.True(await setup.SetAsync(key, "live-process:1", TimeSpan.FromMinutes(1), cancellationToken: Cancel));
        }

        await server.StopAsync();
        var logs = new LogCollector();
        var host = _hosts.Create(
            RedisHosts.QuickRetries(server.Url),
            stream,
            "late",
            (_, _) => ValueTask.CompletedTask,
            logs,
            options: o => o.InstanceLeaseTime = TimeSpan.FromSeconds(5));
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        await host.StartAsync(Cancel);
        Assert.Contains(logs.Records, r => r.Id == 1101);

        // The holder renews its key as soon as the server is back.
        var renewer = RedisClient.ConnectAsync(server.Url, retryFor: TimeSpan.FromMinutes(1), Cancel);
        await server.RestartAsync(Cancel);
        await using var holder = await renewer;
        for (var renewal = 2; !stopping.Task.IsCompleted; renewal++)
        {
            await holder.SetAsync(key, $"live-process:{renewal}", TimeSpan.FromMinutes(1), cancellationToken: Cancel);
            await Task.WhenAny(stopping.Task, Task.Delay(50, Cancel));
        }

        var critical = Assert.Single(logs.Records, r => r.Id == 1104);
        Assert.Equal(LogLevel.Critical, critical.Level);
        Assert.Contains("instance 'late' in group workers", critical.Message, StringComparison.Ordinal);
        // The read loop records the refusal on its own thread, after the lease stopped the application.
        var check = new FleetEventsHealthCheck(host.Services);
        var health = await Eventually.UntilAsync(
            async () => await check.CheckHealthAsync(new HealthCheckContext(), Cancel),
            result => result.Description?.Contains("Another live process consumes as instance 'late'", StringComparison.Ordinal) == true,
            "health names the live holder of the instance name");
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();

    private IHost Create(string stream, string instance, ConcurrentQueue<(long, string)> handled, LogCollector? logs = null) =>
        _hosts.Create(RedisHosts.QuickRetries(redis.Server.Url), stream, instance, (context, _) =>
        {
            handled.Enqueue((context.DeliveryCount, context.Data.OrderId));
            return ValueTask.CompletedTask;
        }, logs);
}
