using System.Collections.Concurrent;
using System.Text.Json;
using Fleet.Events.Outbox;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Events.Tests.Publishing;

/// <content>Publishing steadily through an outage, and what the outbox shows from outside while it holds events.</content>
public sealed partial class OutboxIntegrationTests
{
    private const int SteadyPublishers = 4;

    [Fact]
    public async Task PublishAsync_SteadyThroughAFiveSecondOutage_KeepsCountAndOrderDrainsAndReturnsToDirectSends()
    {
        // An AOF fsynced on every write: what Redis acknowledged before the stop is still there after the restart.
        await using var server = await RedisServer.StartAsync(
            new RedisServerOptions { ExtraConfig = new Dictionary<string, string> { ["appendonly"] = "yes", ["appendfsync"] = "always" } },
            Cancel);
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(server, PublishFailureMode.Outbox);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var monitor = host.Services.GetRequiredService<IOutboxMonitor>();
        var results = Enumerable.Range(0, SteadyPublishers).Select(_ => new ConcurrentQueue<PublishResult>()).ToArray();
        using var stop = new CancellationTokenSource();
        var running = Enumerable.Range(0, SteadyPublishers).Select(p => Task.Run(
            async () =>
            {
                // Each publisher awaits every publish before the next: its events must reach the stream in this order.
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    results[p].Enqueue(await publisher.PublishAsync(stream, new OrderPlaced($"p{p}-{i}", 1), cancellationToken: Cancel));
                }
            },
            Cancel)).ToArray();

        // A publisher that failed fails the test with its own exception, not with a timeout.
        bool Publishing(Func<bool> condition)
        {
            foreach (var task in running.Where(t => t.IsFaulted))
            {
                task.GetAwaiter().GetResult();
            }

            return condition();
        }

        await Eventually.TrueAsync(() => Publishing(() => results.All(r => r.Count >= 50)), "every publisher sent directly");
        await server.StopAsync();
        await Eventually.TrueAsync(() => Publishing(() => monitor.Depth > 0), "publishes were spooled");
        await Task.Delay(TimeSpan.FromSeconds(5), Cancel); // the length of the outage, not a proof of anything
        await server.RestartAsync(Cancel);

        await monitor.WaitUntilEmptyAsync(Cancel).WaitAsync(TimeSpan.FromMinutes(1), Cancel);
        var drained = results.Select(r => r.Count).ToArray();
        await Eventually.TrueAsync(() => Publishing(() => results.Select((r, p) => r.Count - drained[p]).All(n => n > 200)), "every publisher went on after the drain");
        await stop.CancelAsync();
        await Task.WhenAll(running);

        Assert.Contains(results.SelectMany(r => r), r => r.IsSpooled);
        for (var p = 0; p < SteadyPublishers; p++)
        {
            // Publishes that began after the outbox was empty went straight to Redis: none was spooled or held.
            Assert.DoesNotContain(results[p].Skip(drained[p] + 1), r => r.IsSpooled);
        }

        Assert.Equal(0, monitor.Depth);
        Assert.True(host.Services.GetRequiredService<OutboxSpool>().IsDirect);

        // Every event once, in each publisher's order; only the one publish a publisher had in flight when Redis went
        // away may appear twice (it reached Redis, its reply did not, and the outbox replayed it: at-least-once).
        var reader = await ConnectAsync(server);
        var stored = (await ReadAllAsync(reader, stream))
            .Select(e => JsonSerializer.Deserialize(EnvelopeCodec.Decode(e.Fields).Data.Span, TestEventsJsonContext.Default.OrderPlaced)!.OrderId)
            .ToList();
        for (var p = 0; p < SteadyPublishers; p++)
        {
            var mine = stored.Where(id => id.StartsWith($"p{p}-", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, results[p].Count).Select(i => $"p{p}-{i}"), mine.Distinct());
            Assert.InRange(mine.Count - results[p].Count, 0, 1);
        }

        Assert.Equal(1, _logs.Count(l => l.Id == 2000));
        Assert.Equal(1, _logs.Count(l => l.Id == 2001));
    }

    [Fact]
    public async Task OutboxHealthCheck_WhileEventsAreSpooled_IsDegradedUntilTheReplayEmptiesIt()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(server, PublishFailureMode.Outbox);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var monitor = host.Services.GetRequiredService<IOutboxMonitor>();
        var check = ActivatorUtilities.CreateInstance<OutboxHealthCheck>(host.Services);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), Cancel)).Status);

        await server.StopAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await publisher.PublishAsync(stream, new OrderPlaced($"o-{i}", 1), cancellationToken: Cancel)).IsSpooled);
        }

        var emptied = monitor.WaitUntilEmptyAsync(Cancel);
        var degraded = await check.CheckHealthAsync(new HealthCheckContext(), Cancel);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(10L, degraded.Data["depth"]);
        Assert.Equal(Path.GetFullPath(_directory), degraded.Data["directory"]);
        Assert.Equal(10, monitor.Depth);
        Assert.False(emptied.IsCompleted, "the outbox was reported empty with 10 events in it");

        await server.RestartAsync(Cancel);
        await emptied.WaitAsync(TimeSpan.FromMinutes(1), Cancel);

        Assert.Equal(0, monitor.Depth);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), Cancel)).Status);
        Assert.Equal(10, await (await ConnectAsync(server)).XLenAsync(_keys.Stream(stream), Cancel));
    }
}
