using Fleet.Testing.Processes;

namespace Fleet.FileProcessor.Tests.Samples;

/// <summary>Where the committed sample files are: samples/files/ of the repository this test was built from.</summary>
internal static class SampleFiles
{
    private static readonly Lazy<string> Folder = new(() => Path.Combine(ServiceBinaries.RepositoryRoot, "samples", "files"));

    /// <summary>The samples folder.</summary>
    public static string Directory => Folder.Value;

    /// <summary>The full path of sample <paramref name="name"/>.</summary>
    public static string PathOf(string name) => Path.Combine(Folder.Value, name);

    /// <summary>The bytes of sample <paramref name="name"/>.</summary>
    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));
}
