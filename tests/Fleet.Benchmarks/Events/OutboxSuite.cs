using System.Globalization;
using Fleet.Events;
using Fleet.Events.Outbox;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Benchmarks.Events;

/// <summary>
/// The publish outbox under an outage (issue 7, section 1), on a redis-server the suite stops and restarts: how fast
/// publishes spool with the group commit (events/s and fsyncs per event), and how long a steady publisher takes to be
/// back at full rate once Redis returns.
/// </summary>
internal static class OutboxSuite
{
    private const int LonePublisherEvents = 2_000;
    private const int ConcurrentPublishers = 64;
    private const int ConcurrentEvents = 40_000;
    private const int SteadyPublishers = 16;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan RateWindow = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Observed = TimeSpan.FromSeconds(5);

    private static readonly BenchmarkTarget[] Targets =
    [
        new("outbox_fsyncs_per_event_64_publishers", "spooling from 64 publishers at once: at most a quarter of an fsync per event (baseline: the one fsync per event of a lone publisher)", 0.25, AtMost: true),
        new("outbox_time_back_to_full_rate", "after a 1.5 s outage under steady load, the rate of events reaching Redis is back at ≥ 90 % of the pre-outage rate within 2 s of the restart (baseline = target)", 1.0, AtMost: true),
        new("outbox_rate_after_recovery", "the rate in the last 2 s of the 5 s after the restart ≥ 90 % of the pre-outage rate (baseline)", 0.9, AtMost: false),
    ];

    public static async Task<bool> RunAsync(string outputDirectory)
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions
        {
            ExtraConfig = new Dictionary<string, string> { ["save"] = "\"\"", ["appendonly"] = "no" },
        });
        var results = new List<BenchmarkResult>();

        var (lone, loneFsyncs) = await MeasureSpoolingAsync(server, 1, LonePublisherEvents);
        var (concurrent, concurrentFsyncs) = await MeasureSpoolingAsync(server, ConcurrentPublishers, ConcurrentEvents);
        results.Add(BenchmarkResult.Against("outbox_spooled_publish_1_publisher", lone, "events/s", lone));
        results.Add(BenchmarkResult.Against("outbox_spooled_publish_64_publishers", concurrent, "events/s", lone));
        results.Add(BenchmarkResult.Against("outbox_fsyncs_per_event_1_publisher", loneFsyncs, "fsyncs/event", 1));
        results.Add(BenchmarkResult.Against("outbox_fsyncs_per_event_64_publishers", concurrentFsyncs, "fsyncs/event", 1));
        Console.WriteLine($"spooling: 1 publisher {lone:0} events/s ({loneFsyncs:0.###} fsyncs/event); {ConcurrentPublishers} publishers {concurrent:0} events/s ({concurrentFsyncs:0.###} fsyncs/event)");

        var recovery = await MeasureRecoveryAsync(server);
        results.Add(BenchmarkResult.Against("outbox_pre_outage_rate", recovery.PreRate, "events/s", recovery.PreRate));
        results.Add(BenchmarkResult.Against("outbox_time_back_to_full_rate", recovery.TimeBack.TotalSeconds, "s", 2.0));
        results.Add(BenchmarkResult.Against("outbox_drain_time", recovery.Drained.TotalSeconds, "s", 2.0));
        results.Add(BenchmarkResult.Against("outbox_rate_after_recovery", recovery.PostRate, "events/s", recovery.PreRate));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recovery: {recovery.PreRate:0} events/s before, {recovery.Spooled} spooled, back to 90 % {recovery.TimeBack.TotalSeconds:0.###} s after the restart, outbox empty after {recovery.Drained.TotalSeconds:0.###} s, {recovery.PostRate:0} events/s after"));

        var environment = $"redis-server on 127.0.0.1 (no persistence), {Environment.ProcessorCount} cores, .NET {Environment.Version}; outbox on {Path.GetTempPath()}. " +
            "Client: ReconnectWaitTimeout 200 ms (a publish spools after waiting that long for the connection), ReconnectMaxDelay 250 ms. " +
            $"Spooling: Redis stopped, then {LonePublisherEvents} events from one publisher awaiting each publish, and {ConcurrentEvents} from {ConcurrentPublishers} such publishers at once. " +
            $"Recovery: {SteadyPublishers} publishers awaiting each publish, rate before over 2 s; Redis stopped for {Outage.TotalSeconds} s and restarted; " +
            $"time back = from the restart (server answering PING) to the end of the first {RateWindow.TotalMilliseconds:0} ms window after it in which events reaching Redis (not spooled) ran at ≥ 90 % of the rate before.";
        return await ResultWriter.WriteAsync(outputDirectory, "outbox", "Fleet.Events outbox benchmarks", results, Targets, environment);
    }

    /// <summary>Redis down: <paramref name="events"/> spooled by <paramref name="publishers"/> publishers at once; events/s and fsyncs per event.</summary>
    private static async Task<(double Rate, double FsyncsPerEvent)> MeasureSpoolingAsync(RedisServer server, int publishers, int events)
    {
        var directory = NewDirectory();
        await using var client = await ConnectAsync(server);
        using var host = await StartOutboxHostAsync(client, directory);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var spool = host.Services.GetRequiredService<OutboxSpool>();
        var payload = new string('x', 216);
        await server.StopAsync();

        // The first publish waits for the connection, then spools; from then on publishes go to the outbox at once.
        await publisher.PublishAsync("bench.outbox", new BenchTick(-1, payload));
        var commits = spool.Commits;
        var started = TimeProvider.System.GetTimestamp();
        var next = -1L;
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(_ => Task.Run(async () =>
        {
            for (var sequence = Interlocked.Increment(ref next); sequence < events; sequence = Interlocked.Increment(ref next))
            {
                if (!(await publisher.PublishAsync("bench.outbox", new BenchTick(sequence, payload))).IsSpooled)
                {
                    throw new InvalidOperationException("A publish reached Redis while it was down.");
                }
            }
        })));
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var fsyncs = spool.Commits - commits;

        await server.RestartAsync();
        await host.Services.GetRequiredService<IOutboxMonitor>().WaitUntilEmptyAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await host.StopAsync();
        host.Dispose();
        Directory.Delete(directory, recursive: true);
        return (events / elapsed.TotalSeconds, (double)fsyncs / events);
    }

    private static async Task<Recovery> MeasureRecoveryAsync(RedisServer server)
    {
        var directory = NewDirectory();
        await using var client = await ConnectAsync(server);
        using var host = await StartOutboxHostAsync(client, directory);
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        var monitor = host.Services.GetRequiredService<IOutboxMonitor>();
        var payload = new string('x', 216);
        var reached = 0L;
        using var stop = new CancellationTokenSource();
        var publishing = Enumerable.Range(0, SteadyPublishers).Select(p => Task.Run(async () =>
        {
            for (var sequence = 0L; !stop.IsCancellationRequested; sequence++)
            {
                if (!(await publisher.PublishAsync("bench.outbox.steady", new BenchTick(sequence, payload))).IsSpooled)
                {
                    Interlocked.Increment(ref reached);
                }
            }
        })).ToArray();

        var time = TimeProvider.System;
        await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up
        var before = Interlocked.Read(ref reached);
        var preStarted = time.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var preRate = (Interlocked.Read(ref reached) - before) / time.GetElapsedTime(preStarted).TotalSeconds;

        await server.StopAsync();
        await Task.Delay(Outage);
        var spooled = monitor.Depth;
        await server.RestartAsync();
        var restarted = time.GetTimestamp();
        var drained = monitor.WaitUntilEmptyAsync().ContinueWith(_ => time.GetElapsedTime(restarted), TaskScheduler.Default);

        // Sampled every few milliseconds for 5 s: (time since the restart, events that reached Redis so far).
        var samples = new List<(TimeSpan At, long Reached)>();
        while (time.GetElapsedTime(restarted) < Observed)
        {
            samples.Add((time.GetElapsedTime(restarted), Interlocked.Read(ref reached)));
            await Task.Delay(5);
        }

        await stop.CancelAsync();
        await Task.WhenAll(publishing);
        var drainedAfter = await drained.WaitAsync(TimeSpan.FromMinutes(1));
        await host.StopAsync();
        host.Dispose();
        Directory.Delete(directory, recursive: true);

        var timeBack = Observed;
        for (var end = 0; end < samples.Count && timeBack == Observed; end++)
        {
            // The latest sample at least one window before this one, never from before the restart.
            var start = samples.FindLastIndex(end, s => samples[end].At - s.At >= RateWindow);
            if (start >= 0 && RateBetween(samples[start], samples[end]) >= 0.9 * preRate)
            {
                timeBack = samples[end].At;
            }
        }

        // The rate in consecutive windows after the restart, as a percentage of the rate before: the shape of the recovery.
        var timeline = new List<string>();
        for (int from = 0, to; from < samples.Count; from = to)
        {
            to = samples.FindIndex(from, s => s.At - samples[from].At >= RateWindow);
            if (to < 0)
            {
                break;
            }

            timeline.Add(string.Create(CultureInfo.InvariantCulture, $"{100 * RateBetween(samples[from], samples[to]) / preRate:0}"));
        }

        Console.WriteLine($"rate per {RateWindow.TotalMilliseconds:0} ms after the restart, % of before: {string.Join(' ', timeline)}");

        var lastTwo = samples.FindLastIndex(s => samples[^1].At - s.At >= TimeSpan.FromSeconds(2));
        var postRate = RateBetween(samples[Math.Max(lastTwo, 0)], samples[^1]);
        return new Recovery(preRate, spooled, timeBack, drainedAfter, postRate);
    }

    private static double RateBetween((TimeSpan At, long Reached) from, (TimeSpan At, long Reached) to) =>
        (to.Reached - from.Reached) / (to.At - from.At).TotalSeconds;

    private static Task<IHost> StartOutboxHostAsync(RedisClient client, string directory) =>
        EventsSuite.StartHostAsync(client, _ => { }, o =>
        {
            o.WhenUnavailable = PublishFailureMode.Outbox;
            o.Outbox.Directory = directory;
            o.OutboxRetryInterval = TimeSpan.FromMilliseconds(250);
        });

    /// <summary>A client that spools a publish after 200 ms without a connection and retries the connection at least every 250 ms.</summary>
    private static Task<RedisClient> ConnectAsync(RedisServer server) =>
        RedisClient.ConnectAsync(RedisClientOptions.Parse(server.Url) with
        {
            ReconnectWaitTimeout = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(250),
        });

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "fleet-outbox-bench", Guid.NewGuid().ToString("N"));

    private sealed record Recovery(double PreRate, long Spooled, TimeSpan TimeBack, TimeSpan Drained, double PostRate);
}
