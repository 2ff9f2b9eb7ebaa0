using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Hosting.Tests.LeaderLease;

/// <summary>
/// Leader election between two real processes of the test service on a real redis-server: a killed leader is replaced
/// within the lease time, a paused one is deposed and writes nothing after its successor's first write, and one cut off
/// from Redis stops its work before its lease could pass to another. Lease time 2 s renewed every third of it (4 s
/// renewed every 1.5 s where the margin is measured).
/// </summary>
public sealed class LeaderFailoverProcessTests(RedisServerFixture redis)
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(2);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sigkill_Leader_TheOtherProcessLeadsWithinTheLeaseTimeAndTokensNeverGoDown()
    {
        var prefix = TestApplications.Unique("leader") + ":";
        await using var client = await RedisClient.ConnectAsync(redis.Server.Url, Cancel);
        var (first, firstToken, second) = await StartLeaderAndFollowerAsync(client, prefix);
        await using var firstProcess = first;
        await using var secondProcess = second;

        var killedAt = DateTimeOffset.UtcNow;
        await first.Process.KillAsync();
        var beats = await LeaderProcess.WaitForBeatAsync(client, prefix, b => b.Instance == "second", "the second process beats after the kill");
        var tookOver = DateTimeOffset.UtcNow - killedAt;

        var secondBeat = beats.First(b => b.Instance == "second");
        Assert.True(secondBeat.FencingToken > firstToken, $"token {secondBeat.FencingToken} after {firstToken}");
        Assert.Equal(secondBeat.FencingToken, await second.GainedAsync());
        Assert.True(beats.Zip(beats.Skip(1)).All(pair => pair.First.FencingToken <= pair.Second.FencingToken), "fencing tokens never go down along the stream");
        // The lease expires at most one lease time after the kill and the follower retries every third of it; the
        // margin (three more lease times) absorbs a busy machine, not the protocol.
        Assert.True(tookOver < LeaseTime * 4, $"took over after {tookOver.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Sigstop_Leader_DeposedAndWritesNothingAfterItsSuccessorsFirstBeat()
    {
        var prefix = TestApplications.Unique("leader") + ":";
        await using var client = await RedisClient.ConnectAsync(redis.Server.Url, Cancel);
        var (first, firstToken, second) = await StartLeaderAndFollowerAsync(client, prefix);
        await using var firstProcess = first;
        await using var secondProcess = second;

        await first.Process.PauseAsync();
        long secondToken;
        try
        {
            secondToken = await second.GainedAsync();
            await LeaderProcess.WaitForBeatAsync(client, prefix, b => b.Instance == "second", "the second process beats");
        }
        finally
        {
            await first.Process.ResumeAsync();
        }

        // Resumed, its timers fire at once: the beat loop and the lease's deadline race. Whatever it sends now carries the
        // old fence, which the successor's acquisition invalidated.
        var lost = await first.LostAsync();
        var beats = await LeaderProcess.BeatsAsync(client, prefix);

        Assert.True(secondToken > firstToken);
        Assert.Equal(firstToken, lost.GetProperty("FencingToken").GetInt64());
        var successorsFirst = beats.ToList().FindIndex(b => b.FencingToken == secondToken);
        Assert.True(successorsFirst >= 0);
        Assert.DoesNotContain(beats.Skip(successorsFirst), b => b.FencingToken == firstToken);
        Assert.All(beats.Skip(successorsFirst), b => Assert.Equal("second", b.Instance));
    }

    [Fact]
    public async Task RedisStopsAnswering_Leader_WorkCancelledBeforeItsLeaseCouldExpire()
    {
        // A server of its own: CLIENT PAUSE WRITE holds every write of every client (the renewal script included) while
        // reads still answer, so the test can read when the lease would expire.
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        await using var client = await RedisClient.ConnectAsync(server.Url, Cancel);
        var prefix = TestApplications.Unique("leader") + ":";
        // The safety margin is the renew interval: 1.5 s of 4, so a starved process on a busy machine still makes it.
        await using var leader = LeaderProcess.Start(server.Url, prefix, "alone", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1.5));
        await leader.GainedAsync();
        await LeaderProcess.WaitForBeatAsync(client, prefix, b => b.Instance == "alone", "the leader beats");

        await server.CliAsync("CLIENT", "PAUSE", "60000", "WRITE");
        DateTimeOffset expiresAt;
        System.Text.Json.JsonElement lost;
        try
        {
            var ttl = await client.ExecuteAsync("PTTL", [$"{prefix}{{{LeaderProcess.Stream}}}:leader:beat"], Cancel);
            expiresAt = DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(ttl.ToInt64());
            Assert.True(ttl.ToInt64() > 0, "the lease is held with a time to live");
            lost = await leader.LostAsync();
        }
        finally
        {
            await server.CliAsync("CLIENT", "UNPAUSE");
        }

        // The process's own log time: the work was cancelled before the lease could expire and pass to another process.
        var lostAt = lost.GetProperty("@t").GetDateTimeOffset();
        Assert.True(lostAt < expiresAt, $"lost at {lostAt:O}, the lease expires at {expiresAt:O}");
        Assert.Contains("no successful renewal", lost.GetProperty("Reason").GetString(), StringComparison.Ordinal);
    }

    /// <summary>"first" leads and beats, "second" campaigns as its follower.</summary>
    private async Task<(LeaderProcess First, long FirstToken, LeaderProcess Second)> StartLeaderAndFollowerAsync(RedisClient client, string prefix)
    {
        var first = LeaderProcess.Start(redis.Server.Url, prefix, "first", LeaseTime);
        LeaderProcess? second = null;
        try
        {
            var firstToken = await first.GainedAsync();
            second = LeaderProcess.Start(redis.Server.Url, prefix, "second", LeaseTime);
            await second.RecordAsync("campaigns for leadership", "campaigning");
            await LeaderProcess.WaitForBeatAsync(client, prefix, b => b.Instance == "first", "the first process beats");
            return (first, firstToken, second);
        }
        catch
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            throw;
        }
    }

    [Theory]
    [InlineData("Fleet__Leadership__RenewInterval", "00:00:01", "Configuration error: Fleet:Leadership:RenewInterval must be at least 00:00:00.01 and less than half of LeaseTime (00:00:02), not 00:00:01.")]
    [InlineData("Fleet__Leadership__LeaseTime", "soon", "Configuration error: Fleet:Leadership:LeaseTime must be")]
    public async Task Start_BadLeadershipSetting_ExitsTwoWithOneLineNamingTheOption(string variable, string value, string expected)
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["REDIS_URL"] = redis.Server.Url,
            ["Fleet__Events__InstanceName"] = TestApplications.Unique("instance"),
            ["TestService__Leader__Enabled"] = "true",
            ["Fleet__Leadership__LeaseTime"] = "00:00:02",
            [variable] = value,
        });

        Assert.Equal(FleetExitCodes.ConfigurationError, await service.ExitCodeAsync());
        var line = Assert.Single(service.Errors);
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
    }
}
