using System.Collections.Concurrent;

namespace Fleet.Events.Scheduling;

/// <summary>
/// The streams this process scheduled delayed events to (one per host, a DI singleton). The publisher adds to it;
/// <see cref="DelayedDeliveryService"/> moves their due events, besides those of every stream the process consumes.
/// </summary>
internal sealed class ScheduledStreams
{
    private readonly ConcurrentDictionary<string, byte> _streams = new(StringComparer.Ordinal);

    public void Add(string stream) => _streams.TryAdd(stream, 0);

    public ICollection<string> Names => _streams.Keys;
}
