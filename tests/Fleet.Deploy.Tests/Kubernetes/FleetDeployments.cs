using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>The six services deploy/k8s runs, one Deployment each, named as the service, and what the tests read from them.</summary>
internal static class FleetDeployments
{
    public static IReadOnlyList<string> Names { get; } =
    [
        ServiceBinaries.FileProcessor, ServiceBinaries.EmbeddingGenerator, ServiceBinaries.MarketMonitor,
        ServiceBinaries.Notifier, ServiceBinaries.DeadLetterReaper, ServiceBinaries.EventGateway,
    ];

    /// <summary>(kustomization, service) for every kustomization and service.</summary>
    public static TheoryData<string, string> InEveryKustomization
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var directory in new[] { Kustomize.Base, Kustomize.Dev, Kustomize.Production })
            {
                foreach (var name in Names)
                {
                    data.Add(directory, name);
                }
            }

            return data;
        }
    }

    /// <summary>The container's environment with every documented Secret key holding a placeholder.</summary>
    public static Dictionary<string, string> Environment(RenderedManifests rendered, Manifest deployment) =>
        ContainerEnvironment.Of(rendered, deployment, (secret, key) => TestSecrets.Documented.Contains((secret, key)) ? "placeholder" : null);

    /// <summary>The number a container port reference (a number or a port name) stands for.</summary>
    public static int Port(Manifest workload, string? reference)
    {
        if (int.TryParse(reference, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var port = workload.Container.Items("ports").SingleOrDefault(p => p.Text("name") == reference)
            ?? throw new InvalidOperationException($"{workload} has no container port named {reference}.");
        return port.Number("containerPort")!.Value;
    }
}
