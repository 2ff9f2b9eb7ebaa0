namespace Fleet.Testing;

/// <summary>
/// Where <see cref="RedisServer.StartAsync(RedisServerOptions?, CancellationToken)"/> runs Redis, chosen by the
/// <c>FLEET_TEST_REDIS</c> environment variable (<see cref="RedisBackendSelection"/>).
/// </summary>
internal enum RedisBackend
{
    /// <summary>A local <c>redis-server</c> process when one is on PATH, else a container (unset or <c>auto</c>).</summary>
    Auto,

    /// <summary>Always a local <c>redis-server</c> process (<c>local</c>).</summary>
    Local,

    /// <summary>Always a container on the Docker engine Testcontainers finds (<c>container</c>).</summary>
    Container,
}
