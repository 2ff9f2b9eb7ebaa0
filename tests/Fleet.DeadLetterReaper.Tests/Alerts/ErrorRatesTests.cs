using Fleet.DeadLetterReaper.Alerts;

namespace Fleet.DeadLetterReaper.Tests.Alerts;

public sealed class ErrorRatesTests
{
    private const string Stream = "contextual.events";

    [Fact]
    public void Rate_DeadLettersOverEntriesAddedSinceTheBaseline()
    {
        var rate = ErrorRates.Rate(Sample(1_000, 20), Sample(1_400, 40), Stream);

        Assert.Equal(0.05, rate, 10);
    }

    [Fact]
    public void Rate_NoBaselineYet_IsZero()
    {
        Assert.Equal(0, ErrorRates.Rate(null, Sample(100, 100), Stream));
    }

    [Fact]
    public void Rate_NothingAddedNorDeadLettered_IsZero()
    {
        Assert.Equal(0, ErrorRates.Rate(Sample(500, 5), Sample(500, 5), Stream));
    }

    [Fact]
    public void Rate_DeadLettersWithoutNewEntries_IsOne()
    {
        Assert.Equal(1, ErrorRates.Rate(Sample(500, 5), Sample(500, 8), Stream));
    }

    [Fact]
    public void Rate_CountersWentDown_StreamRecreatedSoTheCurrentCountersAreTheDifference()
    {
        var rate = ErrorRates.Rate(Sample(5_000, 300), Sample(200, 30), Stream);

        Assert.Equal(0.15, rate, 10);
    }

    [Fact]
    public void Rate_StreamAbsentFromTheBaseline_CountsFromZero()
    {
        var baseline = new ErrorSample { At = 0, Streams = [] };

        Assert.Equal(0.25, ErrorRates.Rate(baseline, Sample(40, 10), Stream), 10);
    }

    private static ErrorSample Sample(long added, long deadLettered) =>
        new() { At = 0, Streams = new Dictionary<string, StreamCounters> { [Stream] = new(added, deadLettered) } };
}
