using System.Diagnostics.Metrics;

namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>
/// The evaluator's figures as gauges of the service's meter (<c>Fleet.DeadLetterReaper</c>, exported on /metrics with
/// every <c>Fleet.*</c> meter): the last evaluation's figures while this replica leads, none otherwise (a follower
/// does not measure, and a deposed leader's figures would be stale). Tags <c>stream</c> and <c>group</c> as Fleet.Events'
/// gauges; a group on a dead-letter stream has <c>stream</c> = <c>{stream}:dlq</c>.
/// </summary>
internal sealed class AlertMetrics
{
    private volatile Snapshot _snapshot = Snapshot.Empty;

    public AlertMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        // From the host's IMeterFactory (one meter per host, so each test host reads its own figures), under the service's
        // meter name.
        var meter = meters.Create(DeadLetters.ReaperMetrics.MeterName);
        meter.CreateObservableGauge("fleet.alerts.consumer.lag", () => Groups(static g => g.Lag), "{event}", "Entries of the stream the group has not read, as the alert evaluator counts them.");
        meter.CreateObservableGauge("fleet.alerts.stream.depth", () => Groups(static g => g.Depth), "{event}", "Entries the group has not finished (lag + pending).");
        meter.CreateObservableGauge("fleet.alerts.error_rate", () => PerStream(_snapshot.ErrorRates), "1", "Dead letters per entry added to the stream over the error window.");
        meter.CreateObservableGauge("fleet.alerts.dead_letter.depth", () => PerStream(_snapshot.DeadLetters), "{event}", "Entries in the stream's :dlq.");
        meter.CreateObservableGauge("fleet.alerts.memory.ratio", Memory, "1", "Redis used_memory / maxmemory (absent while maxmemory is 0).");
        meter.CreateObservableGauge("fleet.alerts.active", Active, "{alert}", "1 per alert raised and not resolved, tagged rule and subject.");
    }

    /// <summary>Replaces the figures reported with the last evaluation's.</summary>
    public void Record(FleetReading reading, IReadOnlyDictionary<string, double> errorRates, IEnumerable<AlertRecord> active)
    {
        ArgumentNullException.ThrowIfNull(reading);
        _snapshot = new Snapshot(
            reading.Groups,
            errorRates,
            reading.DeadLetters.ToDictionary(p => p.Key, p => (double)p.Value, StringComparer.Ordinal),
            reading.Memory.Ratio,
            [.. active.Select(a => (a.Rule, a.Subject))]);
    }

    /// <summary>Stops reporting: leadership ended.</summary>
    public void Clear() => _snapshot = Snapshot.Empty;

    private List<Measurement<double>> Groups(Func<GroupReading, long> value) =>
        [.. _snapshot.Groups.Select(g => new Measurement<double>(value(g), new("stream", g.Stream), new("group", g.Group)))];

    private static List<Measurement<double>> PerStream(IReadOnlyDictionary<string, double> values) =>
        [.. values.Select(p => new Measurement<double>(p.Value, new KeyValuePair<string, object?>("stream", p.Key)))];

    private IEnumerable<Measurement<double>> Memory() => _snapshot.MemoryRatio is { } ratio ? [new(ratio)] : [];

    private List<Measurement<double>> Active() =>
        [.. _snapshot.Active.Select(a => new Measurement<double>(1, new("rule", a.Rule), new("subject", a.Subject)))];

    private sealed record Snapshot(
        IReadOnlyList<GroupReading> Groups,
        IReadOnlyDictionary<string, double> ErrorRates,
        IReadOnlyDictionary<string, double> DeadLetters,
        double? MemoryRatio,
        IReadOnlyList<(string Rule, string Subject)> Active)
    {
        public static readonly Snapshot Empty = new([], new Dictionary<string, double>(), new Dictionary<string, double>(), null, []);
    }
}
