using Fleet.Testing.Processes;

namespace Fleet.Testing;

/// <summary>
/// Reads <c>FLEET_TEST_REDIS</c> and decides between a local redis-server and a Testcontainers container: a developer
/// with Docker and no redis-server runs the tests without installing Redis, while machines with redis-server (CI,
/// this repository's make test) keep the process, which is faster and can be killed and restarted.
/// </summary>
internal static class RedisBackendSelection
{
    /// <summary>The environment variable: <c>auto</c> (or unset), <c>local</c> or <c>container</c>.</summary>
    public const string Variable = "FLEET_TEST_REDIS";

    /// <summary>The backend the environment asks for.</summary>
    /// <exception cref="InvalidOperationException">The variable holds something else than the three words.</exception>
    public static RedisBackend FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Parses the variable's value (case-insensitive; empty is <see cref="RedisBackend.Auto"/>).</summary>
    /// <exception cref="InvalidOperationException">Not one of the three words.</exception>
    public static RedisBackend Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => RedisBackend.Auto,
        "local" => RedisBackend.Local,
        "container" => RedisBackend.Container,
        _ => throw new InvalidOperationException($"{Variable}='{value}' is not a Redis backend: use auto (the default), local or container."),
    };

    /// <summary>Whether <paramref name="backend"/> runs in a container, given whether a local redis-server is on <paramref name="searchPath"/>.</summary>
    public static bool UsesContainer(RedisBackend backend, string? searchPath) => backend switch
    {
        RedisBackend.Container => true,
        RedisBackend.Local => false,
        _ => !ExecutableLocator.IsOnPath(ExecutableLocator.RedisServer, searchPath),
    };
}
