using System.Reflection;

namespace Fleet.Testing.Processes;

/// <summary>
/// Where the built services are: <c>services/&lt;name&gt;/bin/&lt;Configuration&gt;/net10.0/Fleet.&lt;Name&gt;.dll</c> under the
/// repository root (docs/fleet.md, "Starting a process"), in the configuration this assembly was built with (the end-to-end
/// tests and the benchmarks build Fleet.Testing with themselves). Their projects reference the service projects without
/// their assemblies, so building them builds the services.
/// </summary>
public static class ServiceBinaries
{
    public const string FileProcessor = "file-processor";
    public const string EmbeddingGenerator = "embedding-generator";
    public const string Notifier = "notifier";
    public const string MarketMonitor = "market-monitor";
    public const string DeadLetterReaper = "dead-letter-reaper";
    public const string EventGateway = "event-gateway";

    /// <summary>The services of the upload path (file-processor, embedding-generator, notifier), which one upload's trace crosses.</summary>
    public static IReadOnlyList<string> All { get; } = [FileProcessor, EmbeddingGenerator, Notifier];

    /// <summary>The configuration of this build (Release under <c>make test</c>), from the assembly's own attribute.</summary>
    public static string Configuration { get; } =
        typeof(ServiceBinaries).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The directory holding Fleet.sln, found upwards from the running binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The sample files of samples/files/ (report.pdf, corrupt.pdf, ...).</summary>
    public static string Sample(string fileName)
    {
        var path = Path.Combine(RepositoryRoot, "samples", "files", fileName);
        return File.Exists(path) ? path : throw new InvalidOperationException($"Sample file {path} is missing (samples/files/ ships with file-processor).");
    }

    /// <summary>The service's built dll, e.g. <c>services/file-processor/bin/Release/net10.0/Fleet.FileProcessor.dll</c>.</summary>
    public static string DllOf(string service)
    {
        var assembly = "Fleet." + string.Concat(service.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + ".dll";
        var path = Path.Combine(RepositoryRoot, "services", service, "bin", Configuration, "net10.0", assembly);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build it with `dotnet build services/{service} -c {Configuration}` (building the end-to-end tests or the benchmarks builds it too).");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Fleet.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}: tests and benchmarks run from the repository's build output.");
    }
}
