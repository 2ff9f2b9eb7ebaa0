using Fleet.Contracts;
using Fleet.Testing;

namespace Fleet.MarketMonitor.Tests.Analysis;

public sealed class IndicatorIntegrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task KnownSeries_TrendsCarryHandComputedIndicators()
    {
        // Short window 2, long window 3, RSI period 3 keep the arithmetic checkable by hand:
        // EMA short alpha 2/3, long 1/2, both seeded with the first price; RSI by Wilder: the first average is the mean
        // of the first 3 changes (gains 1,1,0 -> 2/3, losses 0,0,1 -> 1/3), then avg = (avg * 2 + x) / 3.
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url, o => (o.ShortWindow, o.LongWindow, o.RsiPeriod) = (2, 3, 3));

        var results = await harness.ApplySeriesAsync(harness.Analyzer(), [10m, 11m, 12m, 11m, 10m, 9m, 10m, 12m]);

        var trends = results.Select(r => r.Trend!).ToList();
        Assert.All(results, r => Assert.Null(r.Anomaly));
        Assert.Equal(
            [
                // Tick 3: SMA 11.5 > 11; EMA 10 -> 10.666667 -> 11.555556 (short), 10 -> 10.5 -> 11.25 (long).
                ("sma_crossover", TrendDirection.Up, TrendPhase.Started, 3L, 11.5m, 11m),
                ("ema_crossover", TrendDirection.Up, TrendPhase.Started, 3L, 11.555556m, 11.25m),
                // Tick 5: SMA (11+10)/2 = 10.5 < (12+11+10)/3 = 11; EMA 10.395062 < 10.5625.
                ("sma_crossover", TrendDirection.Up, TrendPhase.Ended, 5L, 10.5m, 11m),
                ("sma_crossover", TrendDirection.Down, TrendPhase.Started, 5L, 10.5m, 11m),
                ("ema_crossover", TrendDirection.Up, TrendPhase.Ended, 5L, 10.395062m, 10.5625m),
                ("ema_crossover", TrendDirection.Down, TrendPhase.Started, 5L, 10.395062m, 10.5625m),
                // Tick 6: gains 8/27, losses 19/27: RSI 100 * 8/27 = 29.62963 < 30 (oversold: prices should turn up).
                ("rsi_oversold", TrendDirection.Up, TrendPhase.Started, 6L, 9.5m, 10m),
                // Tick 7: 43/81 vs 38/81: RSI 100 * 43/81 = 53.08642.
                ("rsi_oversold", TrendDirection.Up, TrendPhase.Ended, 7L, 9.5m, 9.666667m),
                // Tick 8: SMA 11 > 10.333333; EMA 11.273891 > 10.9453125 (rounded away from zero); RSI 100 * 248/324 = 76.54321 > 70.
                ("sma_crossover", TrendDirection.Down, TrendPhase.Ended, 8L, 11m, 10.333333m),
                ("sma_crossover", TrendDirection.Up, TrendPhase.Started, 8L, 11m, 10.333333m),
                ("ema_crossover", TrendDirection.Down, TrendPhase.Ended, 8L, 11.273891m, 10.945313m),
                ("ema_crossover", TrendDirection.Up, TrendPhase.Started, 8L, 11.273891m, 10.945313m),
                ("rsi_overbought", TrendDirection.Down, TrendPhase.Started, 8L, 11m, 10.333333m),
            ],
            trends.Select(t => (t.Signal, t.Direction, t.Phase, t.Sequence, t.ShortAverage, t.LongAverage)));
        // RSI appears from the 4th tick (3 changes): 100 - 100 / (1 + 2) = 66.666667 is not yet a signal.
        Assert.Equal([null, null, 44.444444m, 44.444444m, 44.444444m, 44.444444m, 29.62963m, 53.08642m, 76.54321m, 76.54321m, 76.54321m, 76.54321m, 76.54321m], trends.Select(t => t.Rsi));
        // % change over the long window: against the price 3 ticks before (or the first while fewer were seen).
        Assert.Equal([20m, 20m, -9.090909m, -9.090909m, -9.090909m, -9.090909m, -25m, -9.090909m, 20m, 20m, 20m, 20m, 20m], trends.Select(t => t.ChangePercent));
        Assert.All(trends, t => Assert.Equal((harness.Symbol, AnalyzerHarness.Start.AddSeconds(t.Sequence)), (t.Symbol, t.Time)));
        Assert.Equal([12m, 12m, 10m, 10m, 10m, 10m, 9m, 10m, 12m, 12m, 12m, 12m, 12m], trends.Select(t => t.Price));
    }

    [Fact]
    public async Task LongRiseThenFall_EachTrendStartsAndEndsExactlyOnce()
    {
        await using var harness = await AnalyzerHarness.StartAsync(redis.Server.Url);
        var rise = Enumerable.Range(0, 40).Select(i => 100m + i);
        var fall = Enumerable.Range(1, 40).Select(i => 139m - (i * 1.5m));

        var results = await harness.ApplySeriesAsync(harness.Analyzer(), rise.Concat(fall));

        var trends = results.Select(r => (r.Trend!.Signal, r.Trend.Direction, r.Trend.Phase)).ToList();
        Assert.Equal([15L, 20L, 20L, 44L, 47L, 47L, 48L, 48L, 53L], results.Select(r => r.Trend!.Sequence));
        Assert.Equal(
            [
                // A full long window (20 ticks) of a steady rise: both crossovers up; RSI 100 once 14 changes were seen.
                ("rsi_overbought", TrendDirection.Down, TrendPhase.Started),
                ("sma_crossover", TrendDirection.Up, TrendPhase.Started),
                ("ema_crossover", TrendDirection.Up, TrendPhase.Started),
                // The fall: RSI leaves overbought, crosses to oversold; the short averages drop below the long ones.
                ("rsi_overbought", TrendDirection.Down, TrendPhase.Ended),
                ("sma_crossover", TrendDirection.Up, TrendPhase.Ended),
                ("sma_crossover", TrendDirection.Down, TrendPhase.Started),
                ("ema_crossover", TrendDirection.Up, TrendPhase.Ended),
                ("ema_crossover", TrendDirection.Down, TrendPhase.Started),
                ("rsi_oversold", TrendDirection.Up, TrendPhase.Started),
            ],
            trends);
    }
}
