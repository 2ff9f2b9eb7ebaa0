using Xunit;

namespace Fleet.Testing.Postgres;

/// <summary>
/// An xUnit class or collection fixture holding one <see cref="PostgresServer"/>, started before the first test and
/// disposed after the last. Tests take a fresh database each with <see cref="PostgresServer.CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The running server.</summary>
    /// <exception cref="InvalidOperationException">Read before <see cref="InitializeAsync"/> completed.</exception>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgresServerFixture is not initialized: xUnit calls InitializeAsync before the first test.");

    /// <summary>Creates the cluster and starts the server.</summary>
    /// <returns>A task that completes when the server accepts connections.</returns>
    public async ValueTask InitializeAsync() =>
        _server = await PostgresServer.StartAsync(TestContext.Current.CancellationToken).ConfigureAwait(false);

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
