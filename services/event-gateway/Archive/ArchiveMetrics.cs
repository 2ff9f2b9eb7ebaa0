using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fleet.EventGateway.Archive;

/// <summary>The archiver's metrics (meter <c>Fleet.EventGateway</c>, exported with every <c>Fleet.*</c> meter).</summary>
internal static class ArchiveMetrics
{
    public const string MeterName = "Fleet.EventGateway";

    /// <summary>Outcome of an entry the archiver wrote.</summary>
    public const string Archived = "archived";

    /// <summary>Outcome of an entry already in the archive (a redelivery, re-drive or replay).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Outcome of an entry kept as it came (not a valid envelope).</summary>
    public const string Malformed = "malformed";

    /// <summary>Outcome of an event of a type the filters leave out (acknowledged, not written).</summary>
    public const string Filtered = "filtered";

    /// <summary>Outcome of an entry trimmed or deleted before it was archived.</summary>
    public const string Gone = "gone";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, (long Lag, long Pending)> Groups = new(StringComparer.Ordinal);

    /// <summary>Entries the archiver handled, by <c>stream</c>, <c>kind</c> and <c>outcome</c>.</summary>
    public static readonly Counter<long> Entries = Meter.CreateCounter<long>(
        "fleet.archive.entries", unit: "{entry}", description: "Entries handled by the archiver, by stream, kind (event, dead_letter, parked) and outcome (archived, duplicate, malformed, filtered, gone).");

    /// <summary>Time to write one batch into PostgreSQL and acknowledge it.</summary>
    public static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>(
        "fleet.archive.batch.duration", unit: "s", description: "Time to write one batch of entries into PostgreSQL (COPY and INSERT in one transaction) and acknowledge it.");

    static ArchiveMetrics()
    {
        Meter.CreateObservableGauge("fleet.archive.lag", () => Sample(g => g.Lag), unit: "{entry}",
            description: "Entries not yet read by the archiver group, per key (sampled every Archive:ClaimInterval).");
        Meter.CreateObservableGauge("fleet.archive.pending", () => Sample(g => g.Pending), unit: "{entry}",
            description: "Entries read by the archiver group and not yet acknowledged, per key (sampled every Archive:ClaimInterval).");
    }

    public static void Count(ArchiveSource source, string outcome, long count)
    {
        if (count > 0)
        {
            Entries.Add(count, new TagList { { "stream", source.Stream }, { "kind", ArchiveKinds.ToText(source.Kind) }, { "outcome", outcome } });
        }
    }

    public static void Sampled(string key, long lag, long pending) => Groups[key] = (lag, pending);

    private static IEnumerable<Measurement<long>> Sample(Func<(long Lag, long Pending), long> figure) =>
        Groups.Select(pair => new Measurement<long>(figure(pair.Value), new KeyValuePair<string, object?>("key", pair.Key)));
}
