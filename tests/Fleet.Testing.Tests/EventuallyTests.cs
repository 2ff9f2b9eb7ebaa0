namespace Fleet.Testing.Tests;

public sealed class EventuallyTests
{
    [Fact]
    public async Task UntilAsync_ValueAcceptedOnTheThirdRead_ReturnsThatValue()
    {
        var reads = 0;

        var value = await Eventually.UntilAsync(() => Task.FromResult(++reads), read => read == 3, "the third read");

        Assert.Equal(3, value);
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task UntilAsync_NeverAccepted_FailsNamingWhatWasAwaitedAndTheLastValueRead()
    {
        var reads = 0;

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Eventually.UntilAsync(() => Task.FromResult(++reads), _ => false, "the count is negative", TimeSpan.FromMilliseconds(50)));

        Assert.Contains("waiting until the count is negative", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"last observed: {reads}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrueAsync_ConditionThrows_FailsWithItsException()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Eventually.TrueAsync(() => Task.FromException<bool>(new InvalidOperationException("not now")), "never"));
    }
}
