namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// The built services of docs/fleet.md ("Processes"): <c>services/&lt;name&gt;/bin/Release/net10.0/Fleet.&lt;Name&gt;.dll</c> under the
/// repository root. Building Fleet.Benchmarks builds them (it references the three projects).
/// </summary>
internal static class ServiceDlls
{
    public const string FileProcessor = "file-processor";
    public const string EmbeddingGenerator = "embedding-generator";
    public const string Notifier = "notifier";

    public static string Of(string service)
    {
        var assembly = "Fleet." + string.Concat(service.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + ".dll";
        var path = Path.Combine(RepositoryRoot(), "services", service, "bin", "Release", "net10.0", assembly);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build it with `dotnet build services/{service} -c Release`.");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Fleet.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}: run the benchmarks from the repository's build output.");
    }
}
