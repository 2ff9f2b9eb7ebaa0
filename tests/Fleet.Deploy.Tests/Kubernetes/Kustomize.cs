using System.Collections.Concurrent;
using System.Diagnostics;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// Renders a kustomization of deploy/k8s with <c>kubectl kustomize</c> (kubectl 1.32 bundles kustomize v5.5), once per
/// directory per test run. A missing kubectl fails the tests with how to install it: they never skip.
/// </summary>
internal static class Kustomize
{
    public const string Base = "deploy/k8s/base";
    public const string Dev = "deploy/k8s/overlays/dev";
    public const string Production = "deploy/k8s/overlays/production";

    /// <summary>Every kustomization a user may apply or build on.</summary>
    public static TheoryData<string> All => [Base, Dev, Production];

    private const string InstallHint =
        "the Kubernetes tests render deploy/k8s with `kubectl kustomize`. Install kubectl 1.27 or later " +
        "(Debian/Ubuntu: the `kubectl` package from https://pkgs.k8s.io, or `curl -LO https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl " +
        "&& install -m 0755 kubectl /usr/local/bin/kubectl`); see docs/deploy/kubernetes.md.";

    private static readonly ConcurrentDictionary<string, Lazy<RenderedManifests>> Rendered = new(StringComparer.Ordinal);

    /// <summary>The objects <c>kubectl kustomize</c> renders from <paramref name="directory"/> (relative to the repository root).</summary>
    public static RenderedManifests Render(string directory) =>
        Rendered.GetOrAdd(directory, d => new Lazy<RenderedManifests>(() => RenderNow(d))).Value;

    private static RenderedManifests RenderNow(string directory)
    {
        var info = new ProcessStartInfo(Executables.Find("kubectl", InstallHint))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ServiceBinaries.RepositoryRoot,
        };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(directory);
        using var kubectl = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start.");
        var stderr = kubectl.StandardError.ReadToEndAsync();
        var yaml = kubectl.StandardOutput.ReadToEnd();
        kubectl.WaitForExit();
        if (kubectl.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} exited with {kubectl.ExitCode}: {stderr.Result.Trim()}");
        }

        return RenderedManifests.Parse(directory, yaml);
    }
}
