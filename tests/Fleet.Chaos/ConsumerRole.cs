using System.Globalization;
using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.Hosting;

namespace Fleet.Chaos;

/// <summary>
/// <c>consume</c>: one consumer of the group (<c>--instance</c> is its consumer name, <c>--run</c> this process's id),
/// idempotency guard on, recording each handled event twice: a plain effect (HINCRBY sent by the handler) and a staged
/// one (HINCRBY staged on the context, committed with the mark and the XACK). It runs until SIGTERM, then stops
/// gracefully (exit 0).
/// </summary>
internal static class ConsumerRole
{
    public static async Task<int> RunAsync(ChaosArguments arguments)
    {
        var stream = arguments.Text("stream");
        var group = arguments.Text("group", "chaos");
        var instance = arguments.Text("instance");
        var run = arguments.Text("run", instance);
        var concurrency = (int)arguments.Number("concurrency", 4);
        var processingTimeout = TimeSpan.FromSeconds(arguments.Number("processing-timeout", 10));

        var staged = ChaosKeys.Staged(new StreamKeys().Stream(stream));
        // Connects in the background: a replacement may start while redis-server is down, and then waits for it.
        await using var redis = RedisClient.Create(arguments.Text("redis"));
        var epoch = 0;

        // Effects after a connection loss go to the next epoch's hash: a double effect across epochs is explained by
        // the Redis kill that ended the earlier one.
        redis.ConnectionFailed += (_, _) =>
            ChaosHost.Say(string.Create(CultureInfo.InvariantCulture, $"{ChaosProtocol.Epoch} {Interlocked.Increment(ref epoch)}"));

        var builder = ChaosHost.CreateBuilder();
        builder.Services.AddFleetEvents(o =>
            {
                o.InstanceName = instance;

                // A replacement takes over the name of the process it replaces (and finishes its pending entries) once
                // the SIGKILLed one's lease expires: seconds here, not the default 15 s.
                o.InstanceHeartbeat = TimeSpan.FromSeconds(arguments.Number("heartbeat-seconds", 1));
                o.InstanceLeaseTime = TimeSpan.FromSeconds(arguments.Number("lease-seconds", 3));
            })
            .UseRedis(redis)
            .AddEventType(ChaosTick.TypeName, 1, ChaosJsonContext.Default.ChaosTick)
            .AddConsumerGroup(stream, group, g => g
                .Handle<ChaosTick>(async (context, cancellationToken) =>
                {
                    var field = ChaosKeys.Field(context.Data.Publisher, context.Data.Seq);
                    await redis.HashIncrementAsync(ChaosKeys.Plain(run, Volatile.Read(ref epoch)), field, 1, cancellationToken);
                    context.StageHashIncrement(staged, field);
                })
                .Configure(o =>
                {
                    o.IdempotencyGuard = true;
                    o.Concurrency = concurrency;
                    o.ProcessingTimeout = processingTimeout;
                    o.BlockTimeout = TimeSpan.FromSeconds(1);
                    o.RetryDelay = TimeSpan.FromMilliseconds(50);
                }));
        using var host = builder.Build();
        await host.StartAsync();
        ChaosHost.Say(ChaosProtocol.Ready);

        // SIGTERM: the console lifetime stops the host gracefully and this returns.
        await host.WaitForShutdownAsync();
        return 0;
    }
}
