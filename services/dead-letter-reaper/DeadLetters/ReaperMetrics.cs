using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>The reaper's metrics (meter <c>Fleet.DeadLetterReaper</c>, exported with every <c>Fleet.*</c> meter).</summary>
internal static class ReaperMetrics
{
    public const string MeterName = "Fleet.DeadLetterReaper";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Dead letters decided, by <c>stream</c>, <c>decision</c> (redriven, parked) and <c>error_type</c>.</summary>
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>(
        "fleet.reaper.dead_letters", unit: "{entry}", description: "Dead letters re-driven or parked, by stream, decision and error type.");

    /// <summary>Parked entries deleted on an operator's request, by <c>stream</c>.</summary>
    public static readonly Counter<long> Purged = Meter.CreateCounter<long>(
        "fleet.reaper.purged", unit: "{entry}", description: "Parked entries purged on an operator's request, by stream.");

    /// <summary>Dead consumers removed, by <c>stream</c> and <c>group</c>.</summary>
    public static readonly Counter<long> ConsumersRemoved = Meter.CreateCounter<long>(
        "fleet.reaper.consumers_removed", unit: "{consumer}", description: "Dead consumers removed from their group, by stream and group.");

    public static void Decided(Decision decision) =>
        DeadLetters.Add(1, new TagList { { "stream", decision.Stream }, { "decision", decision.Kind }, { "error_type", decision.ErrorType } });
}
