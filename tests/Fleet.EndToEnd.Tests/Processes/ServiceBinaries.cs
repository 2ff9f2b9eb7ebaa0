using System.Reflection;

namespace Fleet.EndToEnd.Tests.Processes;

/// <summary>
/// Where the built services are: <c>services/&lt;name&gt;/bin/&lt;Configuration&gt;/net10.0/Fleet.&lt;Name&gt;.dll</c> under the
/// repository root (docs/fleet.md, "Processes"), in the configuration this test assembly was built with. The test project
/// references the service projects without their assemblies, so building it builds them.
/// </summary>
internal static class ServiceBinaries
{
    public const string FileProcessor = "file-processor";
    public const string EmbeddingGenerator = "embedding-generator";
    public const string Notifier = "notifier";

    public static IReadOnlyList<string> All { get; } = [FileProcessor, EmbeddingGenerator, Notifier];

    /// <summary>The configuration of this build (Release under <c>make test</c>), from the assembly's own attribute.</summary>
    public static string Configuration { get; } =
        typeof(ServiceBinaries).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The directory holding Fleet.sln, found upwards from the test binaries.</summary>
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
            : throw new InvalidOperationException($"{path} is missing: build it with `dotnet build services/{service} -c {Configuration}` (building this test project builds it too).");
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

        throw new InvalidOperationException($"No Fleet.sln above {AppContext.BaseDirectory}: the end-to-end tests run from the repository's build output.");
    }
}
