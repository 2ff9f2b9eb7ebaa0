using Fleet.Testing;

namespace Fleet.Redis.Tests.Commands;

// The tests of one class run one after another, so SCRIPT FLUSH here cannot pull a script from under a sibling test.
public sealed class ScriptingIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly RedisScript Increment = new("return redis.call('INCRBY', KEYS[1], ARGV[1])");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task EvaluateAsync_AfterScriptFlush_ReloadsAndRunsTheScriptOnce(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        Assert.Equal(1, (await client.EvaluateAsync(Increment, [key], [1], Cancellation)).ToInt64());

        await client.ExecuteAsync("SCRIPT", ["FLUSH"], Cancellation);
        var afterFlush = await client.EvaluateAsync(Increment, [key], [1], Cancellation);

        Assert.Equal(2, afterFlush.ToInt64());
        Assert.Equal(2, (long)await client.GetAsync(key, Cancellation));
        // The fallback cached the script again: EVALSHA alone finds it.
        Assert.Equal(3, (await client.EvalShaAsync(Increment.Sha1, [key], [1], Cancellation)).ToInt64());
    }

    [Fact]
    public async Task EvaluateAsync_ScriptNeverLoaded_RunsItOnce()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var script = new RedisScript($"-- {key}\nreturn redis.call('INCR', KEYS[1])");

        var result = await client.EvaluateAsync(script, [key], cancellationToken: Cancellation);

        Assert.Equal(1, result.ToInt64());
        Assert.Equal(1, (long)await client.GetAsync(key, Cancellation));
    }

    [Fact]
    public async Task ScriptLoadAsync_AnyScript_ReturnsTheLocallyComputedSha1()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var script = new RedisScript("return 'sha check'");

        Assert.Equal(script.Sha1, await client.ScriptLoadAsync(script.Source, Cancellation));
    }

    [Fact]
    public async Task EvalShaAsync_UnknownScript_ThrowsNoScript()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var script = new RedisScript($"return '{Guid.NewGuid():N}'");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => client.EvalShaAsync(script.Sha1, cancellationToken: Cancellation).AsTask());

        Assert.True(error.Is("NOSCRIPT"));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task EvalAsync_ScriptReturningTable_ReturnsKeysArgumentsAndBinaryValues(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        var result = await client.EvalAsync("return {KEYS[1], ARGV[1], ARGV[2], 7}", ["k"], ["text", bytes], Cancellation);

        Assert.Equal(RedisResultType.Array, result.Type);
        Assert.Equal("k", result[0].ToString());
        Assert.Equal("text", result[1].ToString());
        Assert.Equal(bytes, result[2].Value.ToArray());
        Assert.Equal(7, result[3].ToInt64());
    }

    [Fact]
    public async Task EvaluateAsync_ScriptRaisesError_ThrowsRedisServerException()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var script = new RedisScript("return redis.error_reply('BROKEN on purpose')");

        var error = await Assert.ThrowsAsync<RedisServerException>(() => client.EvaluateAsync(script, cancellationToken: Cancellation).AsTask());

        Assert.True(error.Is("BROKEN"));
    }
}
