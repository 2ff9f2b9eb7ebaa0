namespace Fleet.Testing.Postgres;

/// <summary>
/// Finds Debian's PostgreSQL server programs (<c>initdb</c>, <c>postgres</c>), which live in
/// <c>/usr/lib/postgresql/VERSION/bin</c> rather than on <c>PATH</c>; the newest version installed wins.
/// </summary>
internal static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";
    private const string InstallHint = "Install it with: apt-get install -y postgresql (Debian/Ubuntu), or brew install postgresql (macOS)";

    /// <summary>The directory holding <c>initdb</c> and <c>postgres</c>.</summary>
    /// <exception cref="InvalidOperationException">No PostgreSQL server is installed; tests must not skip silently.</exception>
    public static string Directory()
    {
        if (System.IO.Directory.Exists(DebianRoot))
        {
            var newest = System.IO.Directory.GetDirectories(DebianRoot)
                .Select(path => (Path: Path.Combine(path, "bin"), Version: int.TryParse(Path.GetFileName(path), out var v) ? v : -1))
                .Where(candidate => File.Exists(Path.Combine(candidate.Path, "initdb")) && File.Exists(Path.Combine(candidate.Path, "postgres")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Path)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException($"PostgreSQL's initdb and postgres were not found in {DebianRoot}/*/bin or on PATH. {InstallHint}");
    }
}
