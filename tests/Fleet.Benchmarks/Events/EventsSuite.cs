using Fleet.Benchmarks.Redis;
using Fleet.Events;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Benchmarks.Events;

/// <summary>
/// The Fleet.Events suite: the whole publish → consume → acknowledge pipeline and request/response through a
/// consumer group, on a redis-server started for the run, with redis-benchmark's XADD measured in the same run as
/// the reference. Absolute targets from the issue are the baselines of their rows (ratio ≥ 1 or ≤ 1 meets them).
/// </summary>
internal static class EventsSuite
{
    internal const int PipelineEvents = 1_000_000;
    internal const int PipelineWarmupEvents = 100_000;
    internal const int PipelinePayloadChars = 256 - 40;
    private const int PublishBatch = 500;
    private const int PublishersInFlight = 4;
    private const int SerialRequests = 20_000;
    private const int ConcurrentRequests = 200_000;
    private const int RequestsInFlight = 64;

    private static readonly BenchmarkTarget[] Targets =
    [
        new("pipeline_1m_events_256b_throughput", "publish → consume → ack of 1 000 000 events (256-byte data), one publisher, one group ≥ 100 000 events/s (baseline = target), none lost", 1.0, AtMost: false),
        new("request_response_p50_latency", "request/response, one in flight: p50 ≤ 0.5 ms (baseline = target)", 1.0, AtMost: true),
        new("request_response_p99_latency", "request/response, one in flight: p99 ≤ 2 ms (baseline = target)", 1.0, AtMost: true),
        new("request_response_64_in_flight_throughput", "request/response, 64 in flight ≥ 20 000 requests/s (baseline = target)", 1.0, AtMost: false),
    ];

    public static async Task<bool> RunAsync(string outputDirectory)
    {
        await using var server = await RedisServer.StartAsync(new RedisServerOptions
        {
            ExtraConfig = new Dictionary<string, string> { ["save"] = "\"\"", ["appendonly"] = "no" },
        });
        var results = new List<BenchmarkResult>();

        var payload = new string('x', PipelinePayloadChars);
        var reference = await RedisBenchmarkTool.RunAsync(server.Port, 50, 64, PipelineEvents, "XADD", "bench:ref:events", "*", "data", new string('x', 256));
        await using (var cleanup = await RedisClient.ConnectAsync(server.Url))
        {
            await cleanup.DeleteAsync("bench:ref:events");
        }

        // A first, untimed run through the same code JIT-compiles it at full optimisation (tiered compilation), as the
        // request/response rows warm up before timing; the timed run then measures the steady state.
        await MeasurePipelineAsync(server.Url, payload, "bench.warmup", PipelineWarmupEvents);
        var (pipeline, _) = await MeasurePipelineAsync(server.Url, payload, "bench.pipeline", PipelineEvents);
        results.Add(BenchmarkResult.Against("pipeline_1m_events_256b_throughput", pipeline, "events/s", 100_000));
        results.Add(BenchmarkResult.Against("pipeline_vs_redis_benchmark_xadd", pipeline, "events/s", reference.RequestsPerSecond));
        Console.WriteLine($"pipeline: {pipeline:0} events/s (redis-benchmark XADD {reference.RequestsPerSecond:0}/s)");

        var (p50, p99) = await MeasureSerialRequestsAsync(server.Url);
        results.Add(BenchmarkResult.Against("request_response_p50_latency", p50, "ms", 0.5));
        results.Add(BenchmarkResult.Against("request_response_p99_latency", p99, "ms", 2.0));
        Console.WriteLine($"request/response, one in flight: p50 {p50:0.###} ms, p99 {p99:0.###} ms");

        var requests = await MeasureConcurrentRequestsAsync(server.Url);
        results.Add(BenchmarkResult.Against("request_response_64_in_flight_throughput", requests, "requests/s", 20_000));

        var environment = $"redis-server on 127.0.0.1, {Environment.ProcessorCount} cores, .NET {Environment.Version}. " +
            $"Reference: redis-benchmark -c 50 -P 64 XADD of 256 bytes, {reference.RequestsPerSecond:0} ops/s in this run. " +
            $"Pipeline: {PipelineEvents} events (after an untimed warm-up run of {PipelineWarmupEvents}) published in batches of {PublishBatch} ({PublishersInFlight} batches in flight) by one host, consumed by a one-instance group (concurrency 1) in another host. " +
            $"Request/response: a responder group (one instance) on one stream, the requester's shared reader on another; {SerialRequests} serial requests, {ConcurrentRequests} requests {RequestsInFlight} in flight.";
        return await ResultWriter.WriteAsync(outputDirectory, "events", "Fleet.Events benchmarks", results, Targets, environment);
    }

    /// <summary>Events per second through publish → consume → ack, and the process's CPU microseconds per event.</summary>
    internal static async Task<(double EventsPerSecond, double CpuMicrosecondsPerEvent)> MeasurePipelineAsync(string url, string payload, string stream, int events)
    {
        var handled = 0L;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var consumerClient = await RedisClient.ConnectAsync(url);
        await using var publisherClient = await RedisClient.ConnectAsync(url);
        using var consumer = await StartHostAsync(consumerClient, bus => bus.AddConsumerGroup(stream, "bench-consumer", group => group
            .Configure(o =>
            {
                o.Prefetch = 1000;
                o.AckBatchSize = 1000;
            })
            .Handle<BenchTick>((_, _) =>
            {
                if (Interlocked.Increment(ref handled) == events)
                {
                    done.TrySetResult();
                }

                return ValueTask.CompletedTask;
            })), o => o.DefaultRetention = StreamRetention.MaxLength(2 * events));
        using var producer = await StartHostAsync(publisherClient, _ => { }, o => o.DefaultRetention = StreamRetention.MaxLength(2 * events));
        var publisher = producer.Services.GetRequiredService<IEventPublisher>();

        var cpuBefore = Environment.CpuUsage.TotalTime;
        var started = TimeProvider.System.GetTimestamp();
        var next = -1L;
        await Task.WhenAll(Enumerable.Range(0, PublishersInFlight).Select(_ => Task.Run(async () =>
        {
            var batch = new BenchTick[PublishBatch];
            while (true)
            {
                var first = Interlocked.Add(ref next, PublishBatch) - PublishBatch + 1;
                if (first >= events)
                {
                    return;
                }

                var count = (int)Math.Min(PublishBatch, events - first);
                for (var i = 0; i < count; i++)
                {
                    batch[i] = new BenchTick(first + i, payload);
                }

                await publisher.PublishBatchAsync(stream, count == PublishBatch ? batch : batch[..count]);
            }
        })));
        var published = TimeProvider.System.GetElapsedTime(started);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        // The process's CPU per event (both hosts, the Redis client, the runtime) and whether publishing or consuming
        // is the slower side: the figures to compare when tuning, as throughput alone varies with the machine's load.
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        Console.WriteLine($"{stream}: {events / elapsed.TotalSeconds:0} events/s, process CPU {cpu.TotalMicroseconds / events:0.00} µs/event ({cpu.TotalSeconds:0.0} s over {elapsed.TotalSeconds:0.0} s, all published after {published.TotalSeconds:0.0} s)");

        // None lost: every event was handled once, and the group has nothing left pending once acks are flushed.
        var pending = await WaitForNoPendingAsync(consumerClient, "fleet:{" + stream + "}", "bench-consumer");
        if (Interlocked.Read(ref handled) != events || pending != 0)
        {
            throw new InvalidOperationException($"Pipeline lost work: handled {handled} of {events}, {pending} still pending.");
        }

        await consumer.StopAsync();
        await producer.StopAsync();
        return (events / elapsed.TotalSeconds, cpu.TotalMicroseconds / events);
    }

    private static async Task<(double P50, double P99)> MeasureSerialRequestsAsync(string url)
    {
        await using var responderClient = await RedisClient.ConnectAsync(url);
        await using var requesterClient = await RedisClient.ConnectAsync(url);
        using var responder = await StartResponderAsync(responderClient, "bench.serial", concurrency: 1);
        using var requester = await StartHostAsync(requesterClient, _ => { });
        var requests = requester.Services.GetRequiredService<IEventRequester>();
        var sequence = 0L;
        var samples = await LatencyRecorder.MeasureAsync(2_000, SerialRequests, async () =>
            await requests.RequestAsync<BenchPing, BenchPong>("bench.serial.requests", new BenchPing(++sequence), "bench.serial.responses", TimeSpan.FromSeconds(5)));
        await requester.StopAsync();
        await responder.StopAsync();
        return (LatencyRecorder.Percentile(samples, 0.5), LatencyRecorder.Percentile(samples, 0.99));
    }

    private static async Task<double> MeasureConcurrentRequestsAsync(string url)
    {
        await using var responderClient = await RedisClient.ConnectAsync(url);
        await using var requesterClient = await RedisClient.ConnectAsync(url);
        using var responder = await StartResponderAsync(responderClient, "bench.concurrent", concurrency: RequestsInFlight);
        using var requester = await StartHostAsync(requesterClient, _ => { });
        var requests = requester.Services.GetRequiredService<IEventRequester>();

        async Task RunAsync(int total)
        {
            var remaining = total;
            await Task.WhenAll(Enumerable.Range(0, RequestsInFlight).Select(_ => Task.Run(async () =>
            {
                for (var sequence = Interlocked.Decrement(ref remaining); sequence >= 0; sequence = Interlocked.Decrement(ref remaining))
                {
                    var pong = await requests.RequestAsync<BenchPing, BenchPong>("bench.concurrent.requests", new BenchPing(sequence), "bench.concurrent.responses", TimeSpan.FromSeconds(10));
                    if (pong.Sequence != sequence)
                    {
                        throw new InvalidOperationException($"Response {pong.Sequence} answered request {sequence}.");
                    }
                }
            })));
        }

        await RunAsync(10_000);
        var started = TimeProvider.System.GetTimestamp();
        await RunAsync(ConcurrentRequests);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        await requester.StopAsync();
        await responder.StopAsync();
        return ConcurrentRequests / elapsed.TotalSeconds;
    }

    private static Task<IHost> StartResponderAsync(RedisClient client, string prefix, int concurrency) =>
        StartHostAsync(client, events => events.AddConsumerGroup(prefix + ".requests", "bench-responder", group => group
            .Configure(o => o.Concurrency = concurrency)
            .Handle<BenchPing>(async (context, cancellationToken) =>
            {
                var publisher = context.Services.GetRequiredService<IEventPublisher>();
                await publisher.PublishAsync(prefix + ".responses", new BenchPong(context.Data.Sequence), context.FollowUp(), cancellationToken);
            })));

    internal static async Task<IHost> StartHostAsync(RedisClient client, Action<FleetEventsBuilder> configure, Action<FleetEventsOptions>? options = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddFleetEvents(o =>
            {
                o.InstanceName = "bench-" + Guid.NewGuid().ToString("N")[..8];
                o.DefaultRetention = StreamRetention.MaxLength(100_000);
                options?.Invoke(o);
            })
            .UseRedis(client)
            .AddEventType("bench.tick", 1, BenchEventsJsonContext.Default.BenchTick)
            .AddEventType("bench.ping", 1, BenchEventsJsonContext.Default.BenchPing)
            .AddEventType("bench.pong", 1, BenchEventsJsonContext.Default.BenchPong)
            .Apply(configure);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static FleetEventsBuilder Apply(this FleetEventsBuilder builder, Action<FleetEventsBuilder> configure)
    {
        configure(builder);
        return builder;
    }

    private static async Task<long> WaitForNoPendingAsync(RedisClient client, string streamKey, string group)
    {
        for (var i = 0; i < 200; i++)
        {
            var pending = await client.XPendingAsync(streamKey, group);
            if (pending.Count == 0)
            {
                return 0;
            }

            await Task.Delay(25);
        }

        return (await client.XPendingAsync(streamKey, group)).Count;
    }
}
