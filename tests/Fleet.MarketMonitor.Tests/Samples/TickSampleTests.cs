namespace Fleet.MarketMonitor.Tests.Samples;

/// <summary>
/// samples/market/ticks.csv is the generator's output and has what the sample is for: several thousand ticks of five
/// symbols that the collector accepts, gaps, a huge jump, and moves that cross averages and reach RSI extremes. Run with
/// FLEET_WRITE_SAMPLES=1 to rewrite the committed file from <see cref="TickSampleGenerator"/> first.
/// </summary>
public sealed class TickSampleTests
{
    public TickSampleTests()
    {
        if (Environment.GetEnvironmentVariable("FLEET_WRITE_SAMPLES") == "1")
        {
            File.WriteAllText(TickSample.Path, TickSampleGenerator.Generate());
        }
    }

    [Fact]
    public void TicksCsv_Committed_IsTheGeneratorsOutput()
    {
        Assert.Equal(TickSampleGenerator.Generate(), File.ReadAllText(TickSample.Path));
    }

    [Fact]
    public void TicksCsv_EveryRow_IsAcceptedAndNumberedPerSymbol()
    {
        var (ticks, refusals) = TickSample.Read();

        Assert.Empty(refusals);
        Assert.InRange(ticks.Count, 3_000, 10_000);
        Assert.Equal(MarketMonitorOptions.SampleSymbols.Order(), ticks.Select(t => t.Symbol).Distinct().Order());
        foreach (var symbol in ticks.GroupBy(t => t.Symbol))
        {
            Assert.Equal(Enumerable.Range(1, symbol.Count()).Select(i => (long)i), symbol.Select(t => t.Sequence));
        }
    }

    [Fact]
    public void TicksCsv_Times_SpanThreeSessionsWithGaps()
    {
        var (ticks, _) = TickSample.Read();
        var times = ticks.Select(t => t.Time).ToList();

        Assert.Equal(3, times.Select(t => t.UtcDateTime.Date).Distinct().Count());
        Assert.True(times.Zip(times.Skip(1)).All(pair => pair.First <= pair.Second), "rows are in time order");

        // The outage: a gap of more than ten minutes with no symbol ticking, inside a session (not overnight).
        Assert.Contains(times.Zip(times.Skip(1)), pair =>
            pair.Second - pair.First > TimeSpan.FromMinutes(10) && pair.First.UtcDateTime.Date == pair.Second.UtcDateTime.Date);
    }

    [Fact]
    public void TicksCsv_Initech_ReopensFromItsHaltWithAHugeJump()
    {
        var (ticks, _) = TickSample.Read();
        var initech = ticks.Where(t => t.Symbol == "INITECH").ToList();

        var jump = initech.Zip(initech.Skip(1)).Single(pair => pair.Second.Price / pair.First.Price - 1 > 0.20m);

        Assert.True(jump.Second.Time - jump.First.Time > TimeSpan.FromMinutes(40), "the jump follows the halt");
    }

    [Fact]
    public void TicksCsv_EachSymbol_CrossesItsAveragesAndReachesRsiExtremes()
    {
        var (ticks, _) = TickSample.Read();

        foreach (var symbol in ticks.GroupBy(t => t.Symbol))
        {
            var prices = symbol.Select(t => (double)t.Price).ToList();
            Assert.True(Crossings(prices, 5, 20) >= 10, $"{symbol.Key}: SMA 5/20 crossings");
            var rsi = Rsi(prices, 14);
            Assert.True(rsi.Max() > 70 && rsi.Min() < 30, $"{symbol.Key}: RSI between {rsi.Min():0} and {rsi.Max():0}");
        }
    }

    private static int Crossings(List<double> prices, int shortWindow, int longWindow)
    {
        var crossings = 0;
        int? side = null;
        for (var i = longWindow; i <= prices.Count; i++)
        {
            var difference = prices.Skip(i - shortWindow).Take(shortWindow).Average() - prices.Skip(i - longWindow).Take(longWindow).Average();
            var now = Math.Sign(difference);
            if (now != 0 && side is { } before && before != now)
            {
                crossings++;
            }

            side = now != 0 ? now : side;
        }

        return crossings;
    }

    // Wilder's RSI: smoothed average gain and loss over the period.
    private static List<double> Rsi(List<double> prices, int period)
    {
        var values = new List<double>();
        double gain = 0, loss = 0;
        for (var i = 1; i < prices.Count; i++)
        {
            var change = prices[i] - prices[i - 1];
            var up = Math.Max(change, 0);
            var down = Math.Max(-change, 0);
            if (i <= period)
            {
                gain += up / period;
                loss += down / period;
                continue;
            }

            gain = ((gain * (period - 1)) + up) / period;
            loss = ((loss * (period - 1)) + down) / period;
            values.Add(loss == 0 ? 100 : 100 - (100 / (1 + (gain / loss))));
        }

        return values;
    }
}
