using Fleet.Events.Consumers;
using Fleet.Events.Transport;

namespace Fleet.Events.Tests.Consumers;

public sealed class StagedWritesTests
{
    [Theory]
    [InlineData("fleet:{market.events}:state:AAPL", "market.events")]
    [InlineData("x{market.events}y{other}", "market.events")]
    [InlineData("{}{market.events}", null)]
    [InlineData("fleet:{market.events", null)]
    [InlineData("plain", null)]
    public void HashTagOf_Key_IsWhatRedisClusterHashes(string key, string? expected) =>
        Assert.Equal(expected, StagedWrites.HashTagOf(key));

    [Fact]
    public void Add_KeyInTheStreamsHashTag_IsKeptInOrder()
    {
        var writes = new StagedWrites("fleet:{market.events}", "market.events");

        writes.Add(StagedCommand.IncrementBy, writes.Key("AAPL"), 5);
        writes.Add(StagedCommand.Delete, "other:{market.events}");

        Assert.Equal(["fleet:{market.events}:state:AAPL", "other:{market.events}"], writes.Writes.Select(w => w.Key));
        writes.Clear();
        Assert.False(writes.Any);
    }

    [Theory]
    [InlineData("fleet:{user.events}:state:x")]
    [InlineData("fleet:market.events:state:x")]
    [InlineData("fleet:{}{market.events}")]
    [InlineData("fleet:{market.events}")]
    public void Add_KeyOutsideTheStreamsHashTagOrTheStreamItself_IsRefused(string key)
    {
        var writes = new StagedWrites("fleet:{market.events}", "market.events");

        var error = Assert.Throws<ArgumentException>(() => writes.Add(StagedCommand.Set, key, "v"));

        Assert.Contains("hash tag '{market.events}'", error.Message, StringComparison.Ordinal);
        Assert.False(writes.Any);
    }
}
