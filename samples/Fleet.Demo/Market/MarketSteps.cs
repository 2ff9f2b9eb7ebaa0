using System.Globalization;
using Fleet.Contracts;
using Fleet.Demo.Reporting;
using Fleet.Demo.Scenario;

namespace Fleet.Demo.Market;

/// <summary>
/// The market's first two steps, from what the follower read of market.events: the sample's ticks replayed by the
/// collector (how many of each symbol, prices, the collector term's fencing token), and a trend detected by the analysis.
/// </summary>
internal sealed class MarketSteps(MarketWatch watch, TickSample sample, StepChecks checks, Narrator narrator)
{
    private const int MinimumTicks = 100;
    private const int TrendsShown = 5;
    private static readonly TimeSpan TicksWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TrendWait = TimeSpan.FromSeconds(90);

    public async Task TicksAsync(CancellationToken cancellationToken)
    {
        narrator.Heading("Market: samples/market/ticks.csv replayed by the market-monitor replica holding the collector lease");
        var expected = sample.Symbols.Keys.Order(StringComparer.Ordinal).ToList();
        var started = narrator.Time.GetTimestamp();
        var all = await Waiting.UntilAsync(
            () => watch.Symbols() is var seen && seen.Sum(s => s.Count) >= MinimumTicks && expected.TrueForAll(e => seen.Any(s => s.Symbol == e)),
            TicksWait,
            narrator.Time,
            cancellationToken);
        var symbols = watch.Symbols();
        foreach (var symbol in symbols)
        {
            narrator.Step(
                symbol.Symbol,
                "ticks",
                narrator.Time.GetElapsedTime(started),
                string.Create(CultureInfo.InvariantCulture, $"{symbol.Count,5} ticks (sequence {symbol.LastSequence} of {sample.Symbols.GetValueOrDefault(symbol.Symbol)} in the sample), {symbol.FirstPrice} -> {symbol.LastPrice} (low {symbol.Low}, high {symbol.High})"));
        }

        var tokens = watch.TicksByToken();
        narrator.Say($"fencing token{(tokens.Count == 1 ? "" : "s")} on the ticks: {string.Join(", ", tokens.OrderBy(t => t.Key).Select(t => $"{t.Key} ({t.Value} ticks)"))}");
        var missing = expected.Except(symbols.Select(s => s.Symbol), StringComparer.Ordinal).ToList();
        checks.Add(narrator, all, $"ticks replayed: {symbols.Sum(s => s.Count)} market.data.collected of {symbols.Count} symbols ({string.Join(", ", symbols.Select(s => s.Symbol))}){(missing.Count == 0 ? "" : $"; none yet of {string.Join(", ", missing)}")}");
    }

    public async Task TrendAsync(CancellationToken cancellationToken)
    {
        narrator.Heading("Market: trends detected by the analysis (SMA/EMA crossovers, RSI), once when they start or end");
        var started = narrator.Time.GetTimestamp();
        var found = await Waiting.UntilAsync(() => watch.Trends.Count > 0, TrendWait, narrator.Time, cancellationToken);
        var trends = watch.Trends;
        foreach (var trend in trends.Take(TrendsShown))
        {
            var t = trend.Data;
            narrator.Step(
                t.Symbol,
                "trend",
                narrator.Time.GetElapsedTime(started),
                string.Create(CultureInfo.InvariantCulture, $"{t.Signal} {Name(t.Direction)} {Name(t.Phase)} at {t.Price} (tick {t.Sequence}; short {t.ShortAverage:0.####}, long {t.LongAverage:0.####}, RSI {(t.Rsi is { } rsi ? rsi.ToString("0.#", CultureInfo.InvariantCulture) : "-")}, {t.ChangePercent:+0.##;-0.##;0} %)"));
        }

        if (trends.Count > TrendsShown)
        {
            narrator.Say($"… and {trends.Count - TrendsShown} more trend events so far");
        }

        var anomalies = watch.Anomalies;
        if (anomalies.Count > 0)
        {
            narrator.Say($"anomalies flagged so far: {string.Join(", ", anomalies.GroupBy(a => a.Data.Reason).Select(g => $"{g.Key} {g.Count()}"))}");
        }

        var first = trends.Count > 0 ? trends[0].Data : null;
        checks.Add(narrator, found, found && first is not null
            ? $"a trend detected: {first.Symbol} {first.Signal} {Name(first.Direction)} {Name(first.Phase)} (market.trend.detected; {trends.Count} so far)"
            : $"a trend detected (no market.trend.detected within {TrendWait.TotalSeconds:0} s)");
    }

    private static string Name(TrendDirection direction) => direction == TrendDirection.Up ? "up" : "down";

    private static string Name(TrendPhase phase) => phase == TrendPhase.Started ? "started" : "ended";
}
