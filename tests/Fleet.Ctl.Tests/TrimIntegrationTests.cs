using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Ctl.Tests;

/// <summary>fleetctl trim against a real redis-server, run as a process.</summary>
public sealed class TrimIntegrationTests(RedisServerFixture fixture) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Trim_MaxLengthWithYes_KeepsTheNewestEntries()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var ids = new List<RedisStreamId>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await redis.AddEventAsync("market.events", "market.trend.detected", "{}"));
        }

        var result = (await redis.RunAsync("trim", "market.events", "--maxlen", "3", "--yes")).ShouldExitWith(0).ShouldHaveNoAnsi();

        Assert.Contains("trimmed 7 entries", result.Stdout, StringComparison.Ordinal);
        var left = await redis.Client.XRangeAsync(redis.Keys.Stream("market.events"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ids[7..], left.Select(e => e.Id));
    }

    [Fact]
    public async Task Trim_MinIdWithYes_DropsOlderEntries()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var first = await redis.AddEventAsync("market.events", "market.trend.detected", "{}");
        var second = await redis.AddEventAsync("market.events", "market.trend.detected", "{}");

        (await redis.RunAsync("trim", "market.events", "--minid", second.ToString(), "--yes")).ShouldExitWith(0);

        var left = await redis.Client.XRangeAsync(redis.Keys.Stream("market.events"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([second], left.Select(e => e.Id));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Trim_WithoutATerminalOrYes_ExitsTwoAndLeavesTheStream()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        await redis.AddEventAsync("market.events", "market.trend.detected", "{}");
        await redis.AddEventAsync("market.events", "market.trend.detected", "{}");

        // stdin is not a terminal, so nobody can confirm: nothing is trimmed.
        var result = (await redis.RunAsync("trim", "market.events", "--maxlen", "0")).ShouldExitWith(2);

        Assert.Contains("pass --yes", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, await redis.Client.XLenAsync(redis.Keys.Stream("market.events"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Trim_DeadLettersWithoutForce_IsRefusedWithExitTwo_AndWithForceTrims()
    {
        await using var redis = await CtlRedis.OpenAsync(fixture);
        var key = redis.Keys.DeadLetters("market.events");
        await redis.Client.XAddAsync(key, [new StreamField("id", "x")], cancellationToken: TestContext.Current.CancellationToken);

        var refused = (await redis.RunAsync("trim", "market.events:dlq", "--maxlen", "0", "--yes")).ShouldExitWith(2);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, await redis.Client.XLenAsync(key, TestContext.Current.CancellationToken));

        (await redis.RunAsync("trim", "market.events:dlq", "--maxlen", "0", "--yes", "--force")).ShouldExitWith(0);
        Assert.Equal(0, await redis.Client.XLenAsync(key, TestContext.Current.CancellationToken));
    }
}
