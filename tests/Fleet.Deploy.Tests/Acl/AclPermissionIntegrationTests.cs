using Fleet.Testing.Acl;

namespace Fleet.Deploy.Tests.Acl;

/// <summary>
/// deploy/redis/users.acl on a real redis-server: each service's user does its own work and is refused (NOPERM) on the
/// keys and channels of the others and on the server commands it does not need; operator only reads; admin cannot stop,
/// stall or spy on the server; the default user is off. Every refusal case has an allowed case of the same user next to
/// it, so a refusal is the ACL's, not a failed login. The fleet's own work under each user is proven by the end-to-end
/// tests (tests/Fleet.EndToEnd.Tests run every service as its user).
/// </summary>
public sealed class AclPermissionIntegrationTests(AclServerFixture redis) : IClassFixture<AclServerFixture>
{
    public static TheoryData<string> ServiceUsers => [.. FleetAclFile.ServiceUsers];

    [Theory]
    [InlineData(FleetAclFile.FileProcessor, "XADD fleet:{contextual.events} * type file.uploaded")]
    [InlineData(FleetAclFile.FileProcessor, "XADD fleet:{ai.high.events} * type embedding.generation.requested")]
    [InlineData(FleetAclFile.FileProcessor, "XADD fleet:{notification.events} * type notification.requested")]
    [InlineData(FleetAclFile.FileProcessor, "HSET fleet:{ai.events}:chunks:f1 0 text")]
    [InlineData(FleetAclFile.FileProcessor, "SET fleet:{user.events}:state:tier:u1 pro")]
    [InlineData(FleetAclFile.FileProcessor, "XREAD COUNT 1 STREAMS fleet:{ai.events} 0")]
    [InlineData(FleetAclFile.EmbeddingGenerator, "XADD fleet:{ai.events} * type embedding.generation.completed")]
    [InlineData(FleetAclFile.EmbeddingGenerator, "HMGET fleet:{ai.events}:chunks:f1 0")]
    [InlineData(FleetAclFile.EmbeddingGenerator, "HSET fleet:vector:{f1}:0 model m")]
    [InlineData(FleetAclFile.EmbeddingGenerator, "SADD fleet:vectors:user:u1 fleet:vector:{f1}:0")]
    [InlineData(FleetAclFile.MarketMonitor, "XADD fleet:{market.events} * type market.data.collected")]
    [InlineData(FleetAclFile.MarketMonitor, "HSET fleet:{market.events}:state:symbol:ACME n 1")]
    [InlineData(FleetAclFile.MarketMonitor, "SET fleet:{market.events}:collector:checkpoint 1")]
    [InlineData(FleetAclFile.MarketMonitor, "PUBLISH price.updated.ACME 1")]
    [InlineData(FleetAclFile.MarketMonitor, "XADD fleet:{notification.events} * type notification.requested")]
    [InlineData(FleetAclFile.Notifier, "XADD fleet:{notification.events} * type notification.delivered")]
    [InlineData(FleetAclFile.Notifier, "HSET fleet:{user.events}:state:preferences:u1 channels webhook")]
    [InlineData(FleetAclFile.Notifier, "HSET fleet:{notification.events}:state:delivered:k1 webhook delivered")]
    [InlineData(FleetAclFile.DeadLetterReaper, "XADD fleet:{contextual.events} * type file.uploaded")]
    [InlineData(FleetAclFile.DeadLetterReaper, "XADD fleet:{user.events}:parked * type user.preferences.updated")]
    [InlineData(FleetAclFile.DeadLetterReaper, "XADD fleet:{system.events} * type system.dead_letter.parked")]
    [InlineData(FleetAclFile.DeadLetterReaper, "HSET fleet:{system.events}:state:alerts consumer_lag 1")]
    [InlineData(FleetAclFile.DeadLetterReaper, "INFO memory")]
    [InlineData(FleetAclFile.EventGateway, "XADD fleet:{user.events} * type user.tier.changed")]
    [InlineData(FleetAclFile.EventGateway, "XRANGE fleet:{market.events}:dlq - +")]
    [InlineData(FleetAclFile.EventGateway, "SET fleet:{user.events}:replay:j1 0-0")]
    [InlineData(FleetAclFile.EventGateway, "XADD fleet:{system.events} * type system.dead_letter.redrive.requested")]
    [InlineData(FleetAclFile.Operator, "XRANGE fleet:{contextual.events} - +")]
    [InlineData(FleetAclFile.Operator, "XLEN fleet:{contextual.events}")]
    [InlineData(FleetAclFile.Operator, "XPENDING fleet:{contextual.events} g1")]
    [InlineData(FleetAclFile.Operator, "SCAN 0 MATCH fleet:{* TYPE stream")]
    [InlineData(FleetAclFile.Operator, "XINFO GROUPS fleet:{contextual.events}")]
    [InlineData(FleetAclFile.Admin, "CONFIG GET maxmemory")]
    [InlineData(FleetAclFile.Admin, "XTRIM fleet:{contextual.events} MAXLEN 1000")]
    [InlineData(FleetAclFile.Admin, "ACL WHOAMI")]
    public async Task OwnWork_Allowed(string user, string command)
    {
        var reply = await SendAsAsync(user, command);
        Assert.False(reply.IsError && IsRefusal(reply.Text), $"{user}: {command} was refused: {reply.Text}");
    }

    [Theory]
    [InlineData(FleetAclFile.FileProcessor, "XADD fleet:{market.events} * type market.data.collected")]
    [InlineData(FleetAclFile.FileProcessor, "XADD fleet:{system.events} * type system.dead_letter.parked")]
    [InlineData(FleetAclFile.FileProcessor, "HSET fleet:vector:{f1}:0 model m")]
    [InlineData(FleetAclFile.FileProcessor, "HSET fleet:{user.events}:state:preferences:u1 channels webhook")]
    [InlineData(FleetAclFile.FileProcessor, "SET fleet:{user.events}:done:notifier:01J 1")]
    [InlineData(FleetAclFile.FileProcessor, "PUBLISH price.updated.ACME 1")]
    [InlineData(FleetAclFile.EmbeddingGenerator, "XADD fleet:{contextual.events} * type file.processed")]
    [InlineData(FleetAclFile.EmbeddingGenerator, "XADD fleet:{notification.events} * type notification.requested")]
    [InlineData(FleetAclFile.EmbeddingGenerator, "HSET fleet:{ai.events}:chunks:f1 0 text")]
    [InlineData(FleetAclFile.EmbeddingGenerator, "SET fleet:{user.events}:state:tier:u1 pro")]
    [InlineData(FleetAclFile.MarketMonitor, "XADD fleet:{contextual.events} * type file.uploaded")]
    [InlineData(FleetAclFile.MarketMonitor, "HMGET fleet:{ai.events}:chunks:f1 0")]
    [InlineData(FleetAclFile.MarketMonitor, "HSET fleet:{user.events}:state:preferences:u1 channels webhook")]
    [InlineData(FleetAclFile.MarketMonitor, "XADD fleet:{market.events}:parked * type market.data.collected")]
    [InlineData(FleetAclFile.MarketMonitor, "PUBLISH fleet.other 1")]
    [InlineData(FleetAclFile.Notifier, "XADD fleet:{market.events} * type market.trend.detected")]
    [InlineData(FleetAclFile.Notifier, "XADD fleet:{contextual.events} * type file.uploaded")]
    [InlineData(FleetAclFile.Notifier, "SET fleet:{user.events}:state:tier:u1 pro")]
    [InlineData(FleetAclFile.Notifier, "HSET fleet:vector:{f1}:0 model m")]
    [InlineData(FleetAclFile.DeadLetterReaper, "HSET fleet:vector:{f1}:0 model m")]
    [InlineData(FleetAclFile.DeadLetterReaper, "HSET fleet:{user.events}:state:preferences:u1 channels webhook")]
    [InlineData(FleetAclFile.DeadLetterReaper, "HSET fleet:{market.events}:state:symbol:ACME n 1")]
    [InlineData(FleetAclFile.DeadLetterReaper, "HSET fleet:{ai.events}:chunks:f1 0 text")]
    [InlineData(FleetAclFile.EventGateway, "HSET fleet:vector:{f1}:0 model m")]
    [InlineData(FleetAclFile.EventGateway, "HSET fleet:{market.events}:state:symbol:ACME n 1")]
    [InlineData(FleetAclFile.EventGateway, "SET fleet:{user.events}:state:tier:u1 pro")]
    [InlineData(FleetAclFile.EventGateway, "SET fleet:{user.events}:done:notifier:01J 1")]
    [InlineData(FleetAclFile.EventGateway, "INFO memory")]
    public async Task OtherServicesKeys_RefusedNoPerm(string user, string command)
    {
        var reply = await SendAsAsync(user, command);
        AssertNoPerm(user, command, reply);
    }

    [Theory]
    [MemberData(nameof(ServiceUsers))]
    public async Task KeysOutsideTheFleetPrefix_RefusedNoPerm(string user)
    {
        foreach (var command in (string[])["SET other:key 1", "GET other:key", "XADD {contextual.events} * type file.uploaded"])
        {
            AssertNoPerm(user, command, await SendAsAsync(user, command));
        }
    }

    [Theory]
    [MemberData(nameof(ServiceUsers))]
    public async Task ServerCommands_RefusedNoPerm(string user)
    {
        // SHUTDOWN last: were it allowed, the server would be gone and the test would fail on the closed connection.
        foreach (var command in (string[])["FLUSHALL", "FLUSHDB", "CONFIG GET maxmemory", "CONFIG SET maxmemory 1", "KEYS *", "DEBUG SLEEP 0", "ACL LIST", "SCRIPT FLUSH", "MONITOR", "SHUTDOWN NOSAVE"])
        {
            AssertNoPerm(user, command, await SendAsAsync(user, command));
        }
    }

    [Theory]
    [InlineData("XADD fleet:{contextual.events} * type file.uploaded")]
    [InlineData("SET fleet:{user.events}:state:tier:u1 pro")]
    [InlineData("DEL fleet:{contextual.events}")]
    [InlineData("XGROUP CREATE fleet:{contextual.events} g1 $ MKSTREAM")]
    [InlineData("XACK fleet:{contextual.events} g1 0-1")]
    [InlineData("XTRIM fleet:{contextual.events} MAXLEN 0")]
    [InlineData("XAUTOCLAIM fleet:{contextual.events} g1 c1 0 0-0")]
    [InlineData("EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0")]
    [InlineData("PUBLISH price.updated.ACME 1")]
    [InlineData("FLUSHALL")]
    [InlineData("KEYS *")]
    [InlineData("CONFIG GET maxmemory")]
    public async Task Operator_Writes_RefusedNoPerm(string command)
    {
        AssertNoPerm(FleetAclFile.Operator, command, await SendAsAsync(FleetAclFile.Operator, command));
    }

    [Theory]
    [InlineData("DEBUG SLEEP 0")]
    [InlineData("MONITOR")]
    [InlineData("MODULE LIST")]
    [InlineData("SHUTDOWN NOSAVE")]
    public async Task Admin_ServerControl_RefusedNoPerm(string command)
    {
        AssertNoPerm(FleetAclFile.Admin, command, await SendAsAsync(FleetAclFile.Admin, command));
    }

    [Fact]
    public async Task DefaultUser_Off()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await redis.ConnectAnonymousAsync();
        var ping = await connection.SendAsync(cancellationToken, "PING");
        Assert.True(ping.IsError && ping.Text!.StartsWith("NOAUTH", StringComparison.Ordinal), $"PING without AUTH answered {ping.Text}");
        var auth = await connection.SendAsync(cancellationToken, "AUTH", "default", "");
        Assert.True(auth.IsError && auth.Text!.StartsWith("WRONGPASS", StringComparison.Ordinal), $"AUTH default answered {auth.Text}");
        var admin = await redis.Server.CliAsync("ACL", "GETUSER", "default");
        Assert.Contains("off", admin.Split('\n').Select(line => line.Trim()));
    }

    private static bool IsRefusal(string? error) => error is not null && (error.StartsWith("NOPERM", StringComparison.Ordinal) || error.StartsWith("NOAUTH", StringComparison.Ordinal));

    private static void AssertNoPerm(string user, string command, Fleet.Testing.Protocol.RespReply reply) =>
        Assert.True(reply.IsError && reply.Text!.StartsWith("NOPERM", StringComparison.Ordinal), $"{user}: {command} answered {reply.Kind}{reply.Text} instead of NOPERM");

    private async Task<Fleet.Testing.Protocol.RespReply> SendAsAsync(string user, string command)
    {
        await using var connection = await redis.ConnectAsAsync(user);
        return await connection.SendAsync(TestContext.Current.CancellationToken, command.Split(' '));
    }
}
