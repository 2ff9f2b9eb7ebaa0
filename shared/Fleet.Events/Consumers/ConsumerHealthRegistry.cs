using System.Collections.Concurrent;

namespace Fleet.Events.Consumers;

/// <summary>
/// The consumer loops of this process (one per consumer group), for <see cref="FleetEventsHealthCheck"/>. A singleton:
/// each <see cref="ConsumerGroupService"/> registers its loop at start and keeps it registered after stop, so a stopped
/// loop reports as not running rather than vanishing.
/// </summary>
internal sealed class ConsumerHealthRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Stream, string Group, string Consumer), ConsumerLoopState> _loops = new();

    /// <summary>The clock the health check judges staleness with.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Registers (or replaces, after a restart of the same service) the loop of <paramref name="state"/>'s group.</summary>
    public void Register(ConsumerLoopState state)
    {
        var identity = state.Identity;
        _loops[(identity.Stream, identity.Group, identity.Consumer)] = state;
    }

    /// <summary>Every registered loop's state now, ordered by stream and group.</summary>
    public IReadOnlyList<ConsumerLoopHealth> Snapshot()
    {
        var snapshots = new List<ConsumerLoopHealth>(_loops.Count);
        foreach (var state in _loops.Values)
        {
            snapshots.Add(state.Snapshot());
        }

        snapshots.Sort(static (a, b) =>
        {
            var byStream = string.CompareOrdinal(a.Stream, b.Stream);
            return byStream != 0 ? byStream : string.CompareOrdinal(a.Group, b.Group);
        });
        return snapshots;
    }
}
