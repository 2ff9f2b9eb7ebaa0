using Fleet.Events;

namespace Fleet.Contracts.Tests;

public sealed class ContractKeysTests
{
    private readonly ContractKeys _keys = new(new StreamKeys("app:"));

    [Fact]
    public void Keys_FollowThePrefixAndHashTags()
    {
        Assert.Equal("app:{ai.events}:chunks:F1", _keys.Chunks("F1"));
        Assert.Equal("app:vector:{F1}:7", _keys.Vector("F1", 7));
        Assert.StartsWith(_keys.VectorPrefix, _keys.Vector("F1", 7), StringComparison.Ordinal);
        Assert.Equal("app:vectors:user:u1", _keys.UserVectors("u1"));
        Assert.Equal("app:{user.events}:state:preferences:u1", _keys.Preferences("u1"));
        Assert.Equal("app:{user.events}:state:tier:u1", _keys.Tier("u1"));
    }

    [Fact]
    public void StateKeys_AreWhatAHandlerOnUserEventsStages()
    {
        // A handler on user.events stages under context.StateKey(name) = {prefix}{user.events}:state:{name}.
        var streams = new StreamKeys("app:");

        Assert.Equal(_keys.Preferences("u1"), streams.Stream(FleetStreams.User) + ":state:" + ContractKeys.PreferencesName("u1"));
        Assert.Equal(_keys.Tier("u1"), streams.Stream(FleetStreams.User) + ":state:" + ContractKeys.TierName("u1"));
    }

    [Theory]
    [InlineData(Priority.High, "ai.high.events")]
    [InlineData(Priority.Normal, "ai.events")]
    [InlineData(Priority.Low, "ai.low.events")]
    public void AiLane_IsTheLaneStreamOfThePriority(Priority priority, string stream) =>
        Assert.Equal(stream, FleetStreams.AiLane(priority));

    [Fact]
    public void AiLane_UndefinedPriority_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FleetStreams.AiLane((Priority)7));
}
