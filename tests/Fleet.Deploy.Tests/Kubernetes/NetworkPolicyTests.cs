using Fleet.Testing.Processes;
using YamlDotNet.RepresentationModel;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// The NetworkPolicies of every kustomization: everything denied by default, and each service's pods allowed exactly
/// the connections it needs (DNS, Redis, the OTLP collector; webhooks and SMTP for notifier; PostgreSQL for the gateway;
/// Prometheus and, for the gateway, the ingress controller on 8080).
/// </summary>
public sealed class NetworkPolicyTests
{
    private static readonly string[] Everyone = ["UDP/53", "TCP/53", "TCP/6379", "TCP/4317", "TCP/4318"];

    public static TheoryData<string, string> Deployments => FleetDeployments.InEveryKustomization;

    public static TheoryData<string> Kustomizations => Kustomize.All;

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void DefaultDeny_CoversEveryPodBothWays(string kustomization)
    {
        var rendered = Kustomize.Render(kustomization);
        Assert.Contains(rendered.OfKind("NetworkPolicy"), policy =>
            policy.Root.At("spec", "podSelector") is YamlMappingNode { Children.Count: 0 }
            && Types(policy).SetEquals(["Ingress", "Egress"])
            && policy.Root.At("spec", "ingress") is null
            && policy.Root.At("spec", "egress") is null);
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Egress_IsExactlyWhatTheServiceNeeds(string kustomization, string service)
    {
        var (rendered, deployment) = (Kustomize.Render(kustomization), Kustomize.Render(kustomization).Single("Deployment", service));
        string[] own = service switch
        {
            ServiceBinaries.Notifier => ["TCP/80", "TCP/443", "TCP/25", "TCP/465", "TCP/587"],
            ServiceBinaries.EventGateway => ["TCP/5432"],
            _ => [],
        };
        Assert.Equal(Everyone.Concat(own).Order(StringComparer.Ordinal), AllowedPorts(rendered, deployment, "Egress").Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Ingress_IsOnlyTheHttpPort(string kustomization, string service)
    {
        var (rendered, deployment) = (Kustomize.Render(kustomization), Kustomize.Render(kustomization).Single("Deployment", service));
        Assert.Equal(["TCP/8080"], AllowedPorts(rendered, deployment, "Ingress"));
    }

    private static HashSet<string> Types(Manifest policy) =>
        policy.Root.Items("spec", "policyTypes").Select(t => ((YamlScalarNode)t).Value!).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every "protocol/port" a policy selecting the pods allows in <paramref name="direction"/>; a rule without ports fails the test.</summary>
    private static List<string> AllowedPorts(RenderedManifests rendered, Manifest workload, string direction)
    {
        var ports = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var policy in rendered.OfKind("NetworkPolicy").Where(p => Types(p).Contains(direction) && RenderedManifests.Selects(p.Root.At("spec", "podSelector"), workload.PodLabels)))
        {
            foreach (var rule in policy.Root.Items("spec", direction.ToLowerInvariant()))
            {
                var rulePorts = rule.Items("ports");
                Assert.True(rulePorts.Count > 0, $"{policy} allows every port {direction.ToLowerInvariant()} for {workload}.");
                foreach (var port in rulePorts)
                {
                    ports.Add($"{port.Text("protocol") ?? "TCP"}/{port.Text("port")}");
                }
            }
        }

        return [.. ports];
    }
}
