using Fleet.Contracts;
using Fleet.Demo.Reporting;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Demo.Following;

/// <summary>
/// Reads every stream of the fleet and its dead letters with one <c>XREAD BLOCK</c> (no group, so it takes nothing
/// from the services' groups), from the id the run started at, and hands each entry to the
/// <see cref="EventObserver"/>. It runs until the demo ends, so in <c>make run</c> later activity keeps showing.
/// </summary>
internal sealed class FleetFollower(RedisClient redis, StreamKeys keys, EventObserver observer, Narrator narrator)
{
    private static readonly TimeSpan Block = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, (string Stream, bool DeadLetters)> _keys = [];
    private readonly Dictionary<string, string> _positions = new(StringComparer.Ordinal);

    /// <summary>Follows from <paramref name="startId"/> until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(string startId, CancellationToken cancellationToken)
    {
        foreach (var stream in FleetStreams.All)
        {
            _keys[keys.Stream(stream)] = (stream, false);
            _keys[keys.DeadLetters(stream)] = (stream, true);
        }

        foreach (var key in _keys.Keys)
        {
            _positions[key] = startId;
        }

        var failing = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var positions = _positions.Select(position => new StreamPosition(position.Key, position.Value)).ToList();
                var results = await redis.XReadAsync(positions, count: 256, block: Block, cancellationToken: cancellationToken);
                foreach (var result in results)
                {
                    var (stream, deadLetters) = _keys[result.Key];
                    foreach (var entry in result.Entries)
                    {
                        _positions[result.Key] = entry.Id.ToString();
                        observer.Observe(stream, deadLetters, result.Key, entry);
                    }
                }

                observer.BatchDone();
                failing = false;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisException e)
            {
                // The client reconnects by itself; say so once per outage and read on from where it stopped.
                if (!failing)
                {
                    narrator.Say($"follower: Redis read failed ({e.Message}); retrying");
                    failing = true;
                }

                await Task.Delay(Block, narrator.Time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
