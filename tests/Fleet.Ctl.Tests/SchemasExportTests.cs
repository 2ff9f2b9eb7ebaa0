using Fleet.Testing.Processes;

namespace Fleet.Ctl.Tests;

/// <summary>fleetctl schemas export writes what docs/schemas holds (the generated, checked-in schemas).</summary>
public sealed class SchemasExportTests
{
    [Fact]
    public async Task Export_ToADirectory_WritesDocsSchemasFileForFile()
    {
        var output = Path.Combine(Path.GetTempPath(), $"fleetctl-schemas-{Guid.NewGuid():N}");
        try
        {
            (await FleetCtl.RunAsync(["schemas", "export", "--output", output])).ShouldExitWith(0).ShouldHaveNoAnsi();

            var docs = Path.Combine(ServiceBinaries.RepositoryRoot, "docs", "schemas");
            var expected = Directory.GetFiles(docs, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            foreach (var name in expected)
            {
                Assert.Equal(
                    await File.ReadAllTextAsync(Path.Combine(docs, name!), TestContext.Current.CancellationToken),
                    await File.ReadAllTextAsync(Path.Combine(output, name!), TestContext.Current.CancellationToken));
            }
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
