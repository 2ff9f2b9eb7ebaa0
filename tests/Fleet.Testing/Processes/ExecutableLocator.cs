namespace Fleet.Testing.Processes;

/// <summary>Finds the Redis executables on <c>PATH</c>, failing loudly with install instructions.</summary>
internal static class ExecutableLocator
{
    /// <summary>The server executable.</summary>
    public const string RedisServer = "redis-server";

    /// <summary>The command-line client (Debian's redis-tools, a dependency of redis-server).</summary>
    public const string RedisCli = "redis-cli";

    private const string InstallHint = "Install it with: apt-get install -y redis-server (Debian/Ubuntu), or brew install redis (macOS)";

    /// <summary>Returns the full path of <paramref name="name"/> found on the process's <c>PATH</c>.</summary>
    /// <exception cref="InvalidOperationException">The executable is not on <c>PATH</c>; tests must not skip silently.</exception>
    public static string Find(string name) => Find(name, Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Returns the full path of <paramref name="name"/> found on <paramref name="searchPath"/>.</summary>
    /// <exception cref="InvalidOperationException">The executable is not on <paramref name="searchPath"/>.</exception>
    public static string Find(string name, string? searchPath) =>
        TryFind(name, searchPath) ?? throw new InvalidOperationException($"{name} was not found on PATH. {InstallHint}");

    /// <summary>Whether <paramref name="name"/> is on <paramref name="searchPath"/> (null: the process's <c>PATH</c>).</summary>
    public static bool IsOnPath(string name, string? searchPath = null) =>
        TryFind(name, searchPath ?? Environment.GetEnvironmentVariable("PATH")) is not null;

    private static string? TryFind(string name, string? searchPath)
    {
        var fileName = OperatingSystem.IsWindows() ? name + ".exe" : name;
        foreach (var directory in (searchPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, fileName);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
