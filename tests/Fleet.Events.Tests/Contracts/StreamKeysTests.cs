namespace Fleet.Events.Tests.Contracts;

public sealed class StreamKeysTests
{
    [Fact]
    public void Keys_DefaultPrefix_FollowDesignWithOneHashTag()
    {
        var keys = new StreamKeys();
        var id = Ulid.Parse("01JD0000000000000000000001");

        Assert.Equal("fleet:{contextual.events}", keys.Stream("contextual.events"));
        Assert.Equal("fleet:{contextual.events}:dlq", keys.DeadLetters("contextual.events"));
        Assert.Equal("fleet:{contextual.events}:parked", keys.Parked("contextual.events"));
        Assert.Equal("fleet:{contextual.events}:scheduled", keys.Scheduled("contextual.events"));
        Assert.Equal("fleet:{contextual.events}:done:notifier:01JD0000000000000000000001", keys.Processed("contextual.events", "notifier", id));
    }

    [Theory]
    [InlineData("fleet:{contextual.events}", "contextual.events")]
    [InlineData("fleet:{contextual.events}:dlq", "contextual.events")]
    [InlineData("plain-key", "plain-key")]
    [InlineData("odd{}", "odd{}")]
    public void NameOf_Key_ReturnsTheNameInTheHashTag(string key, string expected) =>
        Assert.Equal(expected, StreamKeys.NameOf(key));

    [Theory]
    [InlineData("Contextual.events")]
    [InlineData("a{b}")]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData("with space")]
    public void Stream_BadName_ThrowsNamingIt(string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new StreamKeys().Stream(name));

        if (name.Length > 0)
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Constructor_PrefixWithBrace_Throws() =>
        Assert.Throws<ArgumentException>(() => new StreamKeys("fleet{x}:"));
}
