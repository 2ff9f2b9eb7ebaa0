using Fleet.Events.Consumers;
using Fleet.Events.Transport;
using Fleet.Redis;

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
        writes.Add(StagedCommand.Delete, "fleet:{market.events}:state:MSFT");

        Assert.Equal(["fleet:{market.events}:state:AAPL", "fleet:{market.events}:state:MSFT"], writes.Writes.Select(w => w.Key));
        writes.Clear();
        Assert.False(writes.Any);
    }

    [Theory]
    [InlineData("fleet:{user.events}:state:x")]
    [InlineData("fleet:market.events:state:x")]
    [InlineData("fleet:{}{market.events}")]
    [InlineData("fleet:{market.events}")]
    [InlineData("other:{market.events}")]
    [InlineData("fleet:{market.events}:dlq")]
    [InlineData("fleet:{market.events}:done:01J0000000000000000000000")]
    [InlineData("fleet:{market.events}:instance:billing:a")]
    [InlineData("fleet:{market.events}:scheduled")]
    [InlineData("fleet:{market.events}:state:")]
    public void Add_KeyOutsideTheStreamsStateKeys_IsRefused(string key)
    {
        var writes = new StagedWrites("fleet:{market.events}", "market.events");

        var error = Assert.Throws<ArgumentException>(() => writes.Add(StagedCommand.Set, key, "v"));

        Assert.Contains("hash tag '{market.events}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("under 'fleet:{market.events}:state:'", error.Message, StringComparison.Ordinal);
        Assert.False(writes.Any);
    }

    private static readonly (StagedCommand Command, RedisValue First, RedisValue Second)[][] ConflictingPairs =
    [
        [(StagedCommand.Set, "abc", RedisValue.Null), (StagedCommand.IncrementBy, 1, RedisValue.Null)],
        [(StagedCommand.HashSet, "f", "v"), (StagedCommand.IncrementBy, 1, RedisValue.Null)],
        [(StagedCommand.Set, "5", RedisValue.Null), (StagedCommand.HashSet, "f", "v")],
        [(StagedCommand.IncrementBy, 1, RedisValue.Null), (StagedCommand.SortedSetAdd, 1.5, "m")],
        [(StagedCommand.SetAdd, "m", RedisValue.Null), (StagedCommand.SortedSetAdd, 1.5, "m")],
        [(StagedCommand.HashSet, "f", "x"), (StagedCommand.HashIncrementBy, "f", 1)],
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Add_WriteConflictingWithAnEarlierWriteOnTheSameKey_IsRefused(int pair)
    {
        var (earlier, later) = (ConflictingPairs[pair][0], ConflictingPairs[pair][1]);
        var writes = new StagedWrites("fleet:{market.events}", "market.events");
        var key = writes.Key("k");
        writes.Add(earlier.Command, key, earlier.First, earlier.Second);

        var error = Assert.Throws<InvalidOperationException>(() => writes.Add(later.Command, key, later.First, later.Second));

        Assert.Contains("conflicts with a write staged before it", error.Message, StringComparison.Ordinal);
        Assert.Single(writes.Writes);
    }

    [Fact]
    public void Add_WritesThatCommitTogether_AreKept()
    {
        var writes = new StagedWrites("fleet:{market.events}", "market.events");
        var key = writes.Key("k");

        writes.Add(StagedCommand.Set, key, "41");
        writes.Add(StagedCommand.IncrementBy, key, 1);
        writes.Add(StagedCommand.Expire, key, 1000);
        writes.Add(StagedCommand.Delete, key);
        writes.Add(StagedCommand.HashSet, key, "f", "x");
        writes.Add(StagedCommand.HashIncrementBy, key, "g", 1);
        writes.Add(StagedCommand.HashSet, key, "f", "2");
        writes.Add(StagedCommand.HashIncrementBy, key, "f", 1);
        writes.Add(StagedCommand.Set, key, "abc");
        writes.Clear();
        writes.Add(StagedCommand.IncrementBy, key, 1);

        Assert.Single(writes.Writes);
    }
}
