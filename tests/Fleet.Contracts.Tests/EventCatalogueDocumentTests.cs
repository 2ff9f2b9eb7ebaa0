using Fleet.Testing.Processes;

namespace Fleet.Contracts.Tests;

/// <summary>docs/event-catalogue.md and docs/schemas/ are what the code says; FLEET_UPDATE_DOCS=1 (make contracts) rewrites them.</summary>
public sealed class EventCatalogueDocumentTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("FLEET_UPDATE_DOCS") == "1";

    [Fact]
    public async Task Markdown_MatchesDocsEventCatalogue()
    {
        await using var host = new ContractsHost();
        var path = Path.Combine(ServiceBinaries.RepositoryRoot, "docs", "event-catalogue.md");
        var expected = EventCatalogueDocument.Markdown(host.Registry);
        if (Update)
        {
            await File.WriteAllTextAsync(path, expected, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run `make contracts`.");
        Assert.True(expected == await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), $"{path} drifted from shared/Fleet.Contracts: run `make contracts` and commit the result.");
    }

    [Fact]
    public async Task Schemas_MatchDocsSchemas_FileForFile()
    {
        await using var host = new ContractsHost();
        var directory = Path.Combine(ServiceBinaries.RepositoryRoot, "docs", "schemas");
        var expected = EventCatalogueDocument.Schemas(host.Registry);
        if (Update)
        {
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.GetFiles(directory, "*.json"))
            {
                File.Delete(stale);
            }

            foreach (var (name, content) in expected)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, name), content, TestContext.Current.CancellationToken);
            }
        }

        var actual = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList() : [];
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual);
        foreach (var (name, content) in expected)
        {
            Assert.True(content == await File.ReadAllTextAsync(Path.Combine(directory, name), TestContext.Current.CancellationToken), $"docs/schemas/{name} drifted: run `make contracts`.");
        }
    }

    [Fact]
    public async Task Catalogue_ListsExactlyTheRegisteredTypes()
    {
        await using var host = new ContractsHost();
        Assert.Equal(
            host.Registry.Types.Select(t => t.Name).Order(StringComparer.Ordinal),
            EventCatalogue.Entries.Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var entry in EventCatalogue.Entries)
        {
            Assert.True(host.Registry.TryGet(entry.Name, out var descriptor));
            Assert.Equal(entry.Version, descriptor.Version);
            Assert.Equal(entry.Record, descriptor.ClrType);
            Assert.All(entry.Streams, stream => Assert.Contains(stream, FleetStreams.All));
        }
    }
}
