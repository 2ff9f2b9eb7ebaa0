using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fleet.Events.Telemetry;

namespace Fleet.Events;

/// <summary>
/// <c>fleet.leadership.held</c>: 1 while this process leads a lease, 0 while it follows, tagged <c>fleet.leader.name</c>
/// (and <c>stream</c>). Each campaigning <see cref="LeaderService"/> records its state here.
/// </summary>
internal static class LeadershipMetrics
{
    private static readonly ConcurrentDictionary<object, (string Stream, string Lease, bool Held)> States = new();

    /// <summary>Whether this process leads each lease it campaigns for.</summary>
    public static readonly ObservableGauge<long> Held = FleetEventsTelemetry.Meter.CreateObservableGauge(
        "fleet.leadership.held", Observe, "1", "1 while this process holds the leader lease, 0 while it follows.");

    /// <summary>Records <paramref name="owner"/>'s state.</summary>
    public static void Record(object owner, string stream, string lease, bool held) => States[owner] = (stream, lease, held);

    /// <summary>Stops reporting <paramref name="owner"/>'s lease.</summary>
    public static void Remove(object owner) => States.TryRemove(owner, out _);

    private static List<Measurement<long>> Observe()
    {
        var measurements = new List<Measurement<long>>(States.Count);
        foreach (var (stream, lease, held) in States.Values)
        {
            measurements.Add(new Measurement<long>(held ? 1 : 0, new KeyValuePair<string, object?>("fleet.leader.name", lease), new KeyValuePair<string, object?>("stream", stream)));
        }

        return measurements;
    }
}
