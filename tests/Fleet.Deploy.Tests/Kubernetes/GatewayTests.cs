using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>event-gateway's Service, Ingress example and its secrets (API keys, the archive's connection string).</summary>
public sealed class GatewayTests
{
    public static TheoryData<string> Kustomizations => Kustomize.All;

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void ServiceAndIngress_ReachTheGatewaysHttpPort(string kustomization)
    {
        var rendered = Kustomize.Render(kustomization);
        var deployment = rendered.Single("Deployment", ServiceBinaries.EventGateway);
        var service = rendered.Single("Service", ServiceBinaries.EventGateway);
        Assert.True(RenderedManifests.Selects(SelectorOf(service), deployment.PodLabels), $"{service} does not select the gateway's pods.");
        var port = Assert.Single(service.Root.Items("spec", "ports"));
        Assert.Equal(8080, FleetDeployments.Port(deployment, port.Text("targetPort")));

        var ingress = rendered.Single("Ingress", ServiceBinaries.EventGateway);
        var path = Assert.Single(Assert.Single(ingress.Root.Items("spec", "rules")).Items("http", "paths"));
        var backend = path.At("backend", "service");
        Assert.Equal(service.Name, backend.Text("name"));
        Assert.Equal(port.Text("name"), backend.Text("port", "name"));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void ApiKeysAndArchive_ComeFromTheGatewaySecret(string kustomization)
    {
        var deployment = Kustomize.Render(kustomization).Single("Deployment", ServiceBinaries.EventGateway);
        foreach (var (variable, key) in new[] { ("ConnectionStrings__Archive", "archive-connection-string"), ("Gateway__ApiKeys__Admin__0", "admin-key"), ("Gateway__ApiKeys__ReadOnly__0", "read-key") })
        {
            var entry = Assert.Single(deployment.Container.Items("env"), e => e.Text("name") == variable);
            Assert.Equal(TestSecrets.Gateway, entry.Text("valueFrom", "secretKeyRef", "name"));
            Assert.Equal(key, entry.Text("valueFrom", "secretKeyRef", "key"));
        }
    }

    /// <summary>A Service's selector is a plain label map: as a LabelSelector's matchLabels.</summary>
    private static YamlDotNet.RepresentationModel.YamlMappingNode SelectorOf(Manifest service) =>
        new() { { "matchLabels", service.Root.At("spec", "selector")! } };
}
