using System.Text.Json;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Feeds;
using Fleet.Redis;

namespace Fleet.MarketMonitor.Collector;

/// <summary>
/// The collector's checkpoint: the <see cref="FeedState"/> as JSON in the string <see cref="ContractKeys.CollectorCheckpoint"/>
/// (<c>fleet:{market.events}:collector:checkpoint</c>), written after every published batch by a script that SETs it only
/// while the lease key still holds this term's fence value; it shares the lease key's hash tag, so the check and the
/// write are one atomic step on one slot.
/// </summary>
internal sealed class CollectorCheckpoint(RedisClient redis, ContractKeys keys)
{
    // KEYS[1] = the lease key, KEYS[2] = the checkpoint; ARGV[1] = the term's fence value, ARGV[2] = the state.
    private static readonly RedisScript FencedSet = new("""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return 0
        end
        redis.call('SET', KEYS[2], ARGV[2])
        return 1
        """);

    /// <summary>The checkpoint's key.</summary>
    public string Key => keys.CollectorCheckpoint;

    /// <summary>The saved state, or null when there is none yet; throws <see cref="JsonException"/> when it is not a state.</summary>
    public async ValueTask<FeedState?> ReadAsync(CancellationToken cancellationToken)
    {
        var value = await redis.GetAsync(Key, cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : Parse(value.ToString());
    }

    /// <summary>Saves <paramref name="state"/> while <paramref name="fence"/> holds, else throws <see cref="LeadershipLostException"/> having written nothing.</summary>
    public async ValueTask WriteAsync(LeaderFence fence, FeedState state, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(state, CheckpointJsonContext.Default.FeedState);
        var written = await redis.EvaluateAsync(FencedSet, [fence.LeaseKey, Key], [fence.Value, json], cancellationToken).ConfigureAwait(false);
        if (written.ToInt64() != 1)
        {
            throw new LeadershipLostException(
                $"Leadership lost: the lease {fence.LeaseKey} no longer holds {fence.Value} (fencing token {fence.Token}), so the collector checkpoint was not written.");
        }
    }

    /// <summary>A state from its JSON.</summary>
    public static FeedState Parse(string json) =>
        JsonSerializer.Deserialize(json, CheckpointJsonContext.Default.FeedState) ?? throw new JsonException("The collector checkpoint is JSON null.");
}
