using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fleet.Events.Telemetry;
using Fleet.Events.Transport;

namespace Fleet.Events.Consumers;

/// <summary>
/// The sampled gauges of DESIGN.md section 8 (consumer lag and pending per group, stream length, DLQ depth), tagged
/// <c>stream</c> and <c>group</c>. Each consumer's statistics sampler stores its latest <see cref="GroupStatistics"/>
/// here (XINFO GROUPS, XLEN); the observable gauges report them when a metrics reader collects.
/// </summary>
internal static class ConsumerMetrics
{
    private static readonly ConcurrentDictionary<(string Stream, string Group), Sample> Samples = new();

    /// <summary>
    /// Entries in the stream after the group's last-delivered id (<see cref="GroupLag"/>): counted up to 1 000, beyond
    /// that XINFO GROUPS' figure where it is consistent, else estimated (<see cref="LagEstimated"/>).
    /// </summary>
    public static readonly ObservableGauge<long> Lag = FleetEventsTelemetry.Meter.CreateObservableGauge(
        "fleet.events.consumer.lag", static () => Observe(static s => s.Lag), "{event}", "Entries in the stream not yet delivered to the consumer group.");

    /// <summary>1 while <see cref="Lag"/> is an estimate (Redis could not tell and more than 1 000 entries wait), else 0.</summary>
    public static readonly ObservableGauge<long> LagEstimated = FleetEventsTelemetry.Meter.CreateObservableGauge(
        "fleet.events.consumer.lag.estimated", static () => Observe(static s => s.LagEstimated ? 1 : 0), "1", "1 while the consumer lag is estimated rather than counted or reported consistently by Redis.");

    /// <summary>Entries delivered to the group and not yet acknowledged.</summary>
    public static readonly ObservableGauge<long> Pending = FleetEventsTelemetry.Meter.CreateObservableGauge(
        "fleet.events.consumer.pending", static () => Observe(static s => s.Pending), "{event}", "Entries delivered to the consumer group and not yet acknowledged.");

    /// <summary>Entries in the stream.</summary>
    public static readonly ObservableGauge<long> StreamLength = FleetEventsTelemetry.Meter.CreateObservableGauge(
        "fleet.events.stream.length", static () => Observe(static s => s.StreamLength), "{event}", "Entries in the stream.");

    /// <summary>Entries in the stream's dead-letter stream.</summary>
    public static readonly ObservableGauge<long> DeadLetterDepth = FleetEventsTelemetry.Meter.CreateObservableGauge(
        "fleet.events.dlq.depth", static () => Observe(static s => s.DeadLetters), "{event}", "Entries in the stream's dead-letter stream.");

    /// <summary>Stores the latest statistics of <paramref name="identity"/>'s group, sampled by <paramref name="owner"/>.</summary>
    public static void Record(object owner, ConsumerIdentity identity, GroupStatistics statistics) =>
        Samples[(identity.Stream, identity.Group)] = new Sample(owner, identity, statistics);

    /// <summary>Stops reporting the group, unless another sampler (another host in this process) took it over.</summary>
    public static void Remove(object owner, ConsumerIdentity identity)
    {
        var key = (identity.Stream, identity.Group);
        if (Samples.TryGetValue(key, out var sample) && ReferenceEquals(sample.Owner, owner))
        {
            Samples.TryRemove(new KeyValuePair<(string, string), Sample>(key, sample));
        }
    }

    private static List<Measurement<long>> Observe(Func<GroupStatistics, long?> value)
    {
        var measurements = new List<Measurement<long>>(Samples.Count);
        foreach (var sample in Samples.Values)
        {
            if (value(sample.Statistics) is { } number)
            {
                measurements.Add(new Measurement<long>(number, sample.Identity.GroupTags));
            }
        }

        return measurements;
    }

    private sealed record Sample(object Owner, ConsumerIdentity Identity, GroupStatistics Statistics);
}
