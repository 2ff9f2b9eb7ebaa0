using Fleet.Testing;
using Fleet.Testing.Acl;
using Fleet.Testing.Protocol;

namespace Fleet.Deploy.Tests.Acl;

/// <summary>
/// A redis-server loaded with deploy/redis/users.acl, rendered by deploy/redis/render-acl.sh with passwords of the run,
/// shared by the tests of one class. Each test connects as the user it checks.
/// </summary>
public sealed class AclServerFixture : IAsyncLifetime
{
    private FleetAclFile? _acl;
    private RedisServer? _server;

    internal FleetAclFile Acl => _acl ?? throw NotStarted();

    internal RedisServer Server => _server ?? throw NotStarted();

    public async ValueTask InitializeAsync()
    {
        _acl = await FleetAclFile.RenderAsync(TestContext.Current.CancellationToken);
        // DEBUG is refused by enable-debug-command (default no) before the ACL is asked; allowing it from loopback lets
        // the tests see that the ACL refuses it too, as it must where an operator enabled it.
        var options = _acl.ServerOptions(extraConfig: new Dictionary<string, string> { ["enable-debug-command"] = "local" });
        _server = await RedisServer.StartAsync(options, TestContext.Current.CancellationToken);
    }

    /// <summary>A connection authenticated as <paramref name="user"/> (AUTH user password); fails the test when AUTH is refused.</summary>
    internal async Task<RespConnection> ConnectAsAsync(string user)
    {
        var connection = await ConnectAnonymousAsync();
        var auth = await connection.SendAsync(TestContext.Current.CancellationToken, "AUTH", user, Acl.PasswordOf(user));
        Assert.False(auth.IsError, $"AUTH {user} was refused: {auth.Text}");
        return connection;
    }

    /// <summary>A connection that has not authenticated.</summary>
    internal Task<RespConnection> ConnectAnonymousAsync() =>
        RespConnection.ConnectAsync(Server.Host, Server.Port, caCertificatePath: null, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _acl?.Dispose();
    }

    private static InvalidOperationException NotStarted() => new("AclServerFixture is not initialized: xUnit calls InitializeAsync before the first test.");
}
