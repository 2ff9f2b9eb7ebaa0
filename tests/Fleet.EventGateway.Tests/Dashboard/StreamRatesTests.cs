using Fleet.EventGateway.Dashboard.Stats;

namespace Fleet.EventGateway.Tests.Dashboard;

public sealed class StreamRatesTests
{
    private static readonly TimeProvider Time = TimeProvider.System;
    private static readonly long Second = Time.TimestampFrequency;

    [Fact]
    public void Update_FirstSample_HasNoRate()
    {
        var rates = new StreamRates();

        Assert.Null(rates.Update("market.events", entriesAdded: 10, length: 10, timestamp: 0, Time));
    }

    [Fact]
    public void Update_StreamKeptAtItsRetention_CountsEntriesAddedNotTheFlatLength()
    {
        var rates = new StreamRates();
        rates.Update("market.events", entriesAdded: 1_000, length: 500, timestamp: 0, Time);

        var rate = rates.Update("market.events", entriesAdded: 1_300, length: 500, timestamp: 2 * Second, Time);

        Assert.Equal(150, rate);
    }

    [Fact]
    public void Update_WithoutEntriesAdded_UsesTheLengthsGrowth()
    {
        var rates = new StreamRates();
        rates.Update("user.events", entriesAdded: null, length: 4, timestamp: 0, Time);

        Assert.Equal(3, rates.Update("user.events", entriesAdded: null, length: 10, timestamp: 2 * Second, Time));
    }

    [Fact]
    public void Update_CounterWentBack_HasNoRateThenCountsFromThere()
    {
        var rates = new StreamRates();
        rates.Update("ai.events", entriesAdded: 900, length: 900, timestamp: 0, Time);

        Assert.Null(rates.Update("ai.events", entriesAdded: 5, length: 5, timestamp: Second, Time));
        Assert.Equal(10, rates.Update("ai.events", entriesAdded: 15, length: 15, timestamp: 2 * Second, Time));
    }

    [Fact]
    public void Update_TwoStreams_KeepTheirOwnSamples()
    {
        var rates = new StreamRates();
        rates.Update("a.events", entriesAdded: 0, length: 0, timestamp: 0, Time);
        rates.Update("b.events", entriesAdded: 100, length: 100, timestamp: 0, Time);

        Assert.Equal(1, rates.Update("a.events", entriesAdded: 1, length: 1, timestamp: Second, Time));
        Assert.Equal(0, rates.Update("b.events", entriesAdded: 100, length: 100, timestamp: Second, Time));
    }
}
