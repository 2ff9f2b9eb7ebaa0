using Xunit;

namespace Fleet.Testing;

/// <summary>
/// An xUnit class or collection fixture holding one plain <see cref="RedisServer"/> (no password, no TLS),
/// started before the first test and disposed after the last.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    /// <summary>The running server.</summary>
    /// <exception cref="InvalidOperationException">Read before <see cref="InitializeAsync"/> completed.</exception>
    public RedisServer Server => _server ?? throw new InvalidOperationException("RedisServerFixture is not initialized: xUnit calls InitializeAsync before the first test.");

    /// <summary>Starts the server.</summary>
    /// <returns>A task that completes when the server answers PING.</returns>
    public async ValueTask InitializeAsync() =>
        _server = await RedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken).ConfigureAwait(false);

    /// <summary>Kills the server and deletes its directory.</summary>
    /// <returns>A task that completes when the server is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
