using Fleet.Contracts;
using Fleet.DeadLetterReaper.DeadLetters;
using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper.Consumers;

/// <summary>
/// Every <c>Reaper:Consumers:Interval</c>, removes the dead consumers of every group on each watched stream and its
/// <c>:dlq</c>: idle longer than <c>IdleThreshold</c>, with no pending entries and no live instance key
/// (<c>…:instance:{group}:{consumer}</c>, which a running consumer renews). Each removal is checked, done and logged in
/// one script and announced by <c>system.consumer.removed</c> from the stream's decision log (<see cref="DecisionLog"/>:
/// a reaper killed between the script and the publish leaves the announcement to its successor). Every replica sweeps: the script makes a removal happen once
/// (a second replica finds the consumer gone and announces nothing), so no lease is needed, and a sweep costs a few
/// XINFO calls per interval.
/// </summary>
internal sealed class DeadConsumerRemover(
    RedisClient redis,
    ReaperKeys keys,
    DecisionLog decisions,
    IOptions<ReaperOptions> options,
    IOptions<FleetEventsOptions> events,
    [FromKeyedServices(ReaperClock.Key)] TimeProvider time,
    ILogger<DeadConsumerRemover> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Consumers.Interval, time, stoppingToken);
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Redis unreachable or a reply not understood: the next interval tries again; nothing is half done.
                Log.SweepFailed(logger, e);
            }
        }
    }

    /// <summary>One sweep over every watched stream and its <c>:dlq</c>; returns the consumers removed.</summary>
    public async Task<IReadOnlyList<ConsumerRemoved>> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = new List<ConsumerRemoved>();
        var threshold = (long)options.Value.Consumers.IdleThreshold.TotalMilliseconds;
        foreach (var stream in options.Value.WatchedStreams)
        {
            foreach (var key in (string[])[keys.Stream(stream), keys.DeadLetters(stream)])
            {
                if (!await redis.ExistsAsync(key, cancellationToken))
                {
                    continue;
                }

                foreach (var group in await redis.XInfoGroupsAsync(key, cancellationToken))
                {
                    foreach (var consumer in await redis.XInfoConsumersAsync(key, group.Name, cancellationToken))
                    {
                        if (consumer.Pending > 0 || consumer.Idle.TotalMilliseconds < threshold)
                        {
                            continue;
                        }

                        var instanceKey = StreamKeys.Instance(key, group.Name, consumer.Name);
                        var decision = new Decision
                        {
                            Kind = Decision.ConsumerRemoved, Stream = stream, StreamKey = key, Group = group.Name, Consumer = consumer.Name,
                            Maker = events.Value.InstanceName,
                        };
                        var arguments = new List<RedisValue>(32) { group.Name, consumer.Name, threshold };
                        decision.AppendFields(arguments);
                        var result = await redis.EvaluateAsync(ConsumerScripts.RemoveIfDead, [key, instanceKey, keys.Decisions(stream)], arguments, cancellationToken);
                        var idle = result[0].ToInt64();
                        if (idle >= 0)
                        {
                            var removal = new ConsumerRemoved(stream, key, group.Name, consumer.Name, idle);
                            ReaperMetrics.ConsumersRemoved.Add(1, new KeyValuePair<string, object?>("stream", stream), new KeyValuePair<string, object?>("group", group.Name));
                            Log.ConsumerRemoved(logger, stream, key, group.Name, consumer.Name, idle);
                            await decisions.PublishAsync(decision with { IdleMilliseconds = idle, LogId = RedisStreamId.Parse(result[1].Value.ToString()) }, cancellationToken);
                            removed.Add(removal);
                        }
                    }
                }
            }
        }

        return removed;
    }
}
