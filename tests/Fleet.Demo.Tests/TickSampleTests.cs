using Fleet.Contracts;
using Fleet.Demo.Market;

namespace Fleet.Demo.Tests;

public sealed class TickSampleTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 16, 14, 30, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fleet-demo-ticks-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void FindCrossing_Above_IsBetweenTheHighSoFarAndTheFirstNewHighAfterTheLead()
    {
        // The high within the lead (102) counts: the first tick above it after the lead is 103, four ticks on.
        var sample = Write(("ACME", [100m, 102m, 101m, 100.5m, 103m, 104m]));

        var crossing = sample.FindCrossing("ACME", Start, 100m, lead: 2);

        Assert.NotNull(crossing);
        Assert.Equal(PriceAlertDirection.Above, crossing.Direction);
        Assert.Equal(4, crossing.TicksAhead);
        Assert.Equal(103m, crossing.CrossingPrice);
        Assert.True(crossing.Threshold is > 102m and <= 103m, $"threshold {crossing.Threshold}");
    }

    [Fact]
    public void FindCrossing_Below_WhenANewLowComesFirst()
    {
        var sample = Write(("ACME", [100m, 100.2m, 99m, 98m]));

        var crossing = sample.FindCrossing("ACME", Start, 100m, lead: 2);

        Assert.NotNull(crossing);
        Assert.Equal(PriceAlertDirection.Below, crossing.Direction);
        Assert.Equal(2, crossing.TicksAhead);
        Assert.True(crossing.Threshold is >= 99m and < 100m, $"threshold {crossing.Threshold}");
    }

    [Fact]
    public void FindCrossing_LoopedReplay_FindsThePositionAWeekLaterAndWraps()
    {
        var sample = Write(("ACME", [100m, 99m, 98m, 101m]));

        // The last row, replayed on the second lap (times shifted by a week): the crossing is the first row of the next lap.
        var crossing = sample.FindCrossing("ACME", Start.AddMinutes(3).AddDays(7), 101m, lead: 1);

        Assert.NotNull(crossing);
        Assert.Equal(PriceAlertDirection.Below, crossing.Direction);
        Assert.Equal(1, crossing.TicksAhead);
        Assert.Equal(100m, crossing.CrossingPrice);
        Assert.True(crossing.Threshold is >= 100m and < 101m, $"threshold {crossing.Threshold}");
    }

    [Fact]
    public void FindCrossing_TickNotInTheSample_IsNull()
    {
        var sample = Write(("ACME", [100m, 101m, 102m]));

        Assert.Null(sample.FindCrossing("ACME", Start, 55m, lead: 1));
        Assert.Null(sample.FindCrossing("ACME", Start.AddHours(1), 100m, lead: 1));
        Assert.Null(sample.FindCrossing("GLOBEX", Start, 100m, lead: 1));
    }

    [Fact]
    public void Read_LeavesOutRowsTheCollectorRefusesAndStraySymbols()
    {
        var rows = new List<string> { "time,symbol,price,volume" };
        for (var i = 0; i < 200; i++)
        {
            rows.Add($"{Start.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},ACME,{100 + i}.5,10");
        }

        rows.Add($"{Start:yyyy-MM-ddTHH:mm:ssZ},ACME,0,10");        // zero price
        rows.Add($"{Start:yyyy-MM-ddTHH:mm:ssZ},ACME,99,10");       // time backwards
        rows.Add($"{Start.AddDays(1):yyyy-MM-ddTHH:mm:ssZ},ACME,99,-1"); // negative volume
        rows.Add($"{Start:yyyy-MM-ddTHH:mm:ssZ},ZZZ,10,10");        // one row of a symbol: under 1 %
        rows.Add("not a time,ACME,10,10");
        File.WriteAllLines(_path, rows);

        var sample = TickSample.Read(_path);

        Assert.Equal(new Dictionary<string, int> { ["ACME"] = 200 }, sample.Symbols);
    }

    private TickSample Write(params (string Symbol, decimal[] Prices)[] symbols)
    {
        var rows = new List<string> { "time,symbol,price,volume" };
        foreach (var (symbol, prices) in symbols)
        {
            rows.AddRange(prices.Select((price, i) => FormattableString.Invariant($"{Start.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},{symbol},{price},100")));
        }

        File.WriteAllLines(_path, rows);
        return TickSample.Read(_path);
    }
}
