namespace Fleet.Ctl.Tests;

/// <summary>Help, usage errors and the gateway-only commands, without any server.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData("publish")]
    [InlineData("tail")]
    [InlineData("groups")]
    [InlineData("dlq", "list")]
    [InlineData("dlq", "show")]
    [InlineData("dlq", "redrive")]
    [InlineData("dlq", "purge")]
    [InlineData("replay")]
    [InlineData("conversation")]
    [InlineData("schemas", "export")]
    [InlineData("trim")]
    public async Task Help_OfEveryCommand_ExitsZeroWithUsageAndExample(params string[] command)
    {
        var result = (await FleetCtl.RunAsync([.. command, "--help"])).ShouldExitWith(0).ShouldHaveNoAnsi();
        Assert.Contains("USAGE:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("EXAMPLES:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--redis", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("tail")]
    [InlineData("publish", "file.uploaded")]
    [InlineData("trim", "market.events", "--maxlen", "1", "--minid", "1-0")]
    [InlineData("groups", "--nonsense")]
    public async Task UsageError_ExitsTwoWithAMessage(params string[] arguments)
    {
        var result = (await FleetCtl.RunAsync(arguments)).ShouldExitWith(2).ShouldHaveNoAnsi();
        Assert.StartsWith("fleetctl: ", result.Errors[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("conversation", "01JDQ8Z0000000000000000001")]
    [InlineData("replay", "--stream", "market.events")]
    public async Task ArchiveCommand_WithoutGateway_ExitsTwoSayingSo(params string[] arguments)
    {
        var result = (await FleetCtl.RunAsync(arguments)).ShouldExitWith(2);
        Assert.Contains("pass --gateway URL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisOnlyCommand_WithGateway_ExitsTwoSayingSo()
    {
        var result = (await FleetCtl.RunAsync(["trim", "market.events", "--maxlen", "1", "--yes", "--gateway", "http://localhost:1"])).ShouldExitWith(2);
        Assert.Contains("trim talks to Redis only", result.Stderr, StringComparison.Ordinal);
    }
}
