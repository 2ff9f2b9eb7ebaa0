using System.Text.RegularExpressions;
using System.Xml.Linq;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Compose;

/// <summary>
/// deploy/docker/Dockerfile and .dockerignore without an engine: the build context keeps every file a service's build
/// reads (its project, the projects it references, the linked files, the shared build settings) and nothing else of
/// weight; the image runs the service as a non-root user, in exec form, with a health check that needs no shell.
/// </summary>
public sealed partial class DockerContextTests
{
    private static readonly string Root = ServiceBinaries.RepositoryRoot;
    private static readonly DockerIgnore Ignore = new(File.ReadAllText(Path.Combine(Root, ".dockerignore")));
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(Root, "deploy", "docker", "Dockerfile"));

    public static TheoryData<string> FleetServices => [.. ComposeFile.FleetServices];

    [Theory]
    [MemberData(nameof(FleetServices))]
    public void Context_KeepsEveryFileTheServicesBuildReadsAndTheDockerfileCopiesIt(string service)
    {
        var needed = BuildInputs(service).ToList();
        var copied = CopiedFromContext().ToList();

        Assert.Contains("global.json", needed);
        Assert.Contains("Directory.Packages.props", needed);
        Assert.All(needed, path => Assert.True(Ignore.Keeps(path), $".dockerignore leaves out {path}, which the {service} build reads"));
        Assert.All(needed, path => Assert.True(copied.Any(c => path == c || path.StartsWith(c.TrimEnd('/') + "/", StringComparison.Ordinal)), $"the Dockerfile copies no source covering {path}"));
        Assert.All(copied, path => Assert.True(Ignore.Keeps(path.TrimEnd('/')), $"the Dockerfile copies {path}, which .dockerignore leaves out"));
    }

    [Theory]
    [InlineData("tests/Fleet.Deploy.Tests/Fleet.Deploy.Tests.csproj")]
    [InlineData(".git/HEAD")]
    [InlineData("services/file-processor/bin/Release/net10.0/Fleet.FileProcessor.dll")]
    [InlineData("shared/Fleet.Events/obj/project.assets.json")]
    [InlineData("TestResults/run.trx")]
    [InlineData("bench-results/results.md")]
    [InlineData("BenchmarkDotNet.Artifacts/results/a.csv")]
    [InlineData("samples/files/report.pdf")]
    [InlineData(".env")]
    [InlineData("docs/fleet.md")]
    public void Context_LeavesOut(string path)
    {
        Assert.False(Ignore.Keeps(path), $".dockerignore sends {path} to the builder");
    }

    [Fact]
    public void Dockerfile_MultiStageSdkToChiseledRuntimeNonRootExecForm()
    {
        var from = FromLine().Matches(Dockerfile).Select(m => m.Groups["image"].Value).ToList();

        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"], from);
        Assert.Matches(@"(?m)^USER 1654:1654$", Dockerfile);
        Assert.Matches(@"(?m)^ENTRYPOINT \[""/app/fleet-service""\]$", Dockerfile);
        Assert.Matches(@"(?m)^    CMD \[""/app/fleet-service"", ""--health-check""\]$", Dockerfile);
        Assert.Matches(@"(?m)^HEALTHCHECK ", Dockerfile);
        Assert.Matches(@"(?m)^EXPOSE 8080$", Dockerfile);
        Assert.DoesNotMatch(@"(?m)^(CMD|ENTRYPOINT) [^\[]", Dockerfile);
        foreach (var label in new[] { "title", "description", "version", "revision", "created", "source", "base.name" })
        {
            Assert.Contains($"org.opencontainers.image.{label}=", Dockerfile, StringComparison.Ordinal);
        }
    }

    /// <summary>The repository paths a service's build reads: its projects (ProjectReference closure) with their sources, linked files, build settings.</summary>
    private static IEnumerable<string> BuildInputs(string service)
    {
        yield return "global.json";
        yield return "Directory.Build.props";
        yield return "Directory.Packages.props";
        yield return ".editorconfig";
        var pending = new Stack<string>([Directory.GetFiles(Path.Combine(Root, "services", service), "*.csproj").Single()]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(project)!;
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
            {
                yield return Relative(file);
            }

            foreach (var include in XDocument.Load(project).Descendants().Where(e => e.Attribute("Include") is not null).Select(e => (e.Name.LocalName, Include: e.Attribute("Include")!.Value)))
            {
                if (!include.Include.StartsWith("..", StringComparison.Ordinal))
                {
                    continue;
                }

                var path = Path.GetFullPath(Path.Combine(directory, include.Include));
                if (include.LocalName == "ProjectReference")
                {
                    pending.Push(path);
                }
                else
                {
                    Assert.True(File.Exists(path), $"{Relative(project)} links {include.Include}, which does not exist");
                    yield return Relative(path);
                }
            }
        }
    }

    /// <summary>The build-context sources of the Dockerfile's COPY instructions (not those copied from another stage).</summary>
    private static IEnumerable<string> CopiedFromContext() =>
        CopyLine().Matches(Dockerfile).SelectMany(m => m.Groups["arguments"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]);

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    [GeneratedRegex(@"(?m)^FROM (--platform=\S+ )?(?<image>\S+)")]
    private static partial Regex FromLine();

    [GeneratedRegex(@"(?m)^COPY (?!--from)(?<arguments>[^\n]+)$")]
    private static partial Regex CopyLine();
}
