using Fleet.MarketMonitor.Feeds;

namespace Fleet.MarketMonitor.Tests.Feeds;

public sealed class TickScreenTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 16, 14, 30, 0, TimeSpan.Zero);
    private static readonly string[] Interleaved = ["ACME", "GLOBEX", "ACME", "ACME", "GLOBEX"];
    private readonly TickScreen _screen = new(["ACME", "GLOBEX"]);
    private readonly FeedState _state = new();

    [Fact]
    public void Screen_GoodRows_NumbersEachSymbolFromOne()
    {
        var sequences = Interleaved.Select((symbol, i) => Accept(Row(symbol, time: Time.AddSeconds(i))).Sequence);

        Assert.Equal([1L, 1L, 2L, 3L, 2L], sequences);
        Assert.Equal(3, _state.Sequences["ACME"]);
        Assert.Equal(Time.AddSeconds(3), _state.LastTimes["ACME"]);
    }

    [Theory]
    [InlineData("ZZZ", 10, 1, RejectReasons.UnknownSymbol)]
    [InlineData("acme", 10, 1, RejectReasons.UnknownSymbol)]
    [InlineData("ACME", 0, 1, RejectReasons.BadPrice)]
    [InlineData("ACME", -3, 1, RejectReasons.BadPrice)]
    [InlineData("ACME", 10, -1, RejectReasons.NegativeVolume)]
    public void Screen_BadRow_IsRefusedWithoutUsingASequence(string symbol, int price, int volume, string reason)
    {
        Assert.Equal(reason, _screen.Screen(Row(symbol, price, volume), _state, out _));

        Assert.Equal(1, Accept(Row("ACME")).Sequence);
    }

    [Fact]
    public void Screen_UnparsableRow_IsRefused()
    {
        var row = Row("ACME") with { Unparsable = "price is not a number" };

        Assert.Equal(RejectReasons.Unparsable, _screen.Screen(row, _state, out _));
    }

    [Fact]
    public void Screen_TimeBeforeTheSymbolsLastTick_IsRefused()
    {
        Accept(Row("ACME", time: Time.AddMinutes(1)));

        Assert.Equal(RejectReasons.TimeBackwards, _screen.Screen(Row("ACME", time: Time), _state, out _));
        Assert.Equal(1, Accept(Row("GLOBEX", time: Time)).Sequence);
        Assert.Equal(2, Accept(Row("ACME", time: Time.AddMinutes(1))).Sequence);
    }

    [Fact]
    public void Screen_HugeJump_IsAccepted()
    {
        Accept(Row("ACME", price: 100));

        Assert.Equal(1000m, Accept(Row("ACME", price: 1000)).Price);
    }

    [Fact]
    public void Screen_ZeroVolume_IsAccepted()
    {
        Assert.Equal(0m, Accept(Row("ACME", volume: 0)).Volume);
    }

    private Tick Accept(FeedRow row)
    {
        Assert.Null(_screen.Screen(row, _state, out var tick));
        return tick;
    }

    private static FeedRow Row(string symbol, decimal price = 10, decimal volume = 1, DateTimeOffset? time = null) =>
        new(2, 0, 1, symbol, price, volume, time ?? Time, null, DateTimeOffset.MinValue);
}
