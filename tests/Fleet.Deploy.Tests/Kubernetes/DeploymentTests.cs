using Fleet.Hosting;
using Fleet.Hosting.Configuration;
using Fleet.Redis;
using Fleet.Testing.Processes;
using YamlDotNet.RepresentationModel;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// Each service's Deployment in every kustomization, rendered by kubectl kustomize: health probes, resources, the
/// restricted security context, where it may write, the grace period against the code's shutdown timeout, spread,
/// disruption budget, image and its Redis user (issue 11, "Kubernetes").
/// </summary>
public sealed class DeploymentTests
{
    public static TheoryData<string, string> Deployments => FleetDeployments.InEveryKustomization;

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Probes_AskTheCodesHealthPathsOnItsHttpPort(string kustomization, string service)
    {
        var (rendered, deployment) = Render(kustomization, service);
        var container = deployment.Container;
        Assert.Equal("8080", FleetDeployments.Environment(rendered, deployment)["Fleet__Http__Port"]);
        Assert.Equal(FleetEndpointRouteBuilderExtensions.LivePath, container.Text("livenessProbe", "httpGet", "path"));
        Assert.Equal(FleetEndpointRouteBuilderExtensions.ReadyPath, container.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal(8080, FleetDeployments.Port(deployment, container.Text("livenessProbe", "httpGet", "port")));
        Assert.Equal(8080, FleetDeployments.Port(deployment, container.Text("readinessProbe", "httpGet", "port")));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Resources_RequestAndLimitCpuAndMemory(string kustomization, string service)
    {
        var (_, deployment) = Render(kustomization, service);
        foreach (var resource in new[] { "cpu", "memory" })
        {
            var request = deployment.Container.Text("resources", "requests", resource);
            var limit = deployment.Container.Text("resources", "limits", resource);
            Assert.True(request is not null && limit is not null, $"{deployment} has no {resource} request or limit.");
            Assert.True(Quantity.Parse(request) <= Quantity.Parse(limit), $"{deployment} requests more {resource} ({request}) than its limit ({limit}).");
        }
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void SecurityContext_IsRestricted(string kustomization, string service)
    {
        var (_, deployment) = Render(kustomization, service);
        var pod = deployment.PodSpec;
        var container = deployment.Container;
        Assert.Equal("true", container.Text("securityContext", "runAsNonRoot") ?? pod.Text("securityContext", "runAsNonRoot"));
        Assert.NotEqual("0", container.Text("securityContext", "runAsUser") ?? pod.Text("securityContext", "runAsUser"));
        Assert.Equal("true", container.Text("securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", container.Text("securityContext", "allowPrivilegeEscalation"));
        Assert.NotEqual("true", container.Text("securityContext", "privileged"));
        Assert.Equal(["ALL"], container.Items("securityContext", "capabilities", "drop").Select(c => ((YamlScalarNode)c).Value));
        Assert.Empty(container.Items("securityContext", "capabilities", "add"));
        Assert.Equal("RuntimeDefault", container.Text("securityContext", "seccompProfile", "type") ?? pod.Text("securityContext", "seccompProfile", "type"));
        Assert.Null(pod.At("hostNetwork"));
        Assert.Null(pod.At("hostPID"));
        Assert.Equal("false", pod.Text("automountServiceAccountToken"));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Volumes_AreWritableOnlyForTheOutboxAndTmp(string kustomization, string service)
    {
        var (rendered, deployment) = Render(kustomization, service);
        var environment = FleetDeployments.Environment(rendered, deployment);
        var volumes = deployment.PodSpec.Items("volumes").ToDictionary(v => v.Text("name")!, StringComparer.Ordinal);
        var mounts = deployment.Container.Items("volumeMounts");
        var writable = mounts.Where(m => m.Text("readOnly") != "true").ToList();

        // The outbox is where the code spools (Fleet:Events:Outbox:Directory), and it is used: WhenUnavailable=Outbox.
        Assert.Equal("Outbox", environment["Fleet__Events__WhenUnavailable"]);
        Assert.Equal(
            new[] { environment["Fleet__Events__Outbox__Directory"], "/tmp" }.Order(StringComparer.Ordinal),
            writable.Select(m => m.Text("mountPath")!).Order(StringComparer.Ordinal));
        Assert.All(writable, m => Assert.NotNull(volumes[m.Text("name")!].At("emptyDir")));
        Assert.All(volumes.Values, v => Assert.True(v.At("emptyDir") is not null || v.At("persistentVolumeClaim") is not null, $"{deployment} mounts {v.Text("name")}, neither an emptyDir nor a claim."));
        Assert.All(
            mounts.Where(m => volumes[m.Text("name")!].At("persistentVolumeClaim") is not null),
            m => Assert.Equal("true", m.Text("readOnly")));
        if (service == ServiceBinaries.FileProcessor)
        {
            // file-processor reads the uploads under its storage root: that root is the uploads volume.
            var uploads = Assert.Single(mounts, m => volumes[m.Text("name")!].At("persistentVolumeClaim") is not null);
            Assert.Equal(uploads.Text("mountPath"), environment["FileProcessor__StorageRoot"]);
        }
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void GracePeriod_ExceedsTheHostsShutdownTimeout(string kustomization, string service)
    {
        var (rendered, deployment) = Render(kustomization, service);
        var environment = FleetDeployments.Environment(rendered, deployment);
        var shutdown = environment.TryGetValue("Fleet__ShutdownTimeout", out var setting)
            ? TimeSpan.Parse(setting, System.Globalization.CultureInfo.InvariantCulture)
            : FleetHostingOptions.DefaultShutdownTimeout;
        var grace = TimeSpan.FromSeconds(deployment.PodSpec.Number("terminationGracePeriodSeconds") ?? 30);

        // SIGKILL must not come while the host waits for in-flight handlers, nor while it flushes telemetry and logs after.
        Assert.True(grace >= shutdown + TimeSpan.FromSeconds(10), $"{deployment}: terminationGracePeriodSeconds {grace.TotalSeconds} s leaves less than 10 s after Fleet:ShutdownTimeout {shutdown}.");
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Pods_SpreadOverNodes(string kustomization, string service)
    {
        var (_, deployment) = Render(kustomization, service);
        var byNode = Assert.Single(deployment.PodSpec.Items("topologySpreadConstraints"), c => c.Text("topologyKey") == "kubernetes.io/hostname");
        Assert.True(RenderedManifests.Selects(byNode.At("labelSelector"), deployment.PodLabels), $"{deployment}'s spread constraint does not select its own pods.");
        Assert.Equal(1, byNode.Number("maxSkew"));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void DisruptionBudget_CoversItsPodsAndLetsADrainProceed(string kustomization, string service)
    {
        var (rendered, deployment) = Render(kustomization, service);
        var budget = Assert.Single(rendered.OfKind("PodDisruptionBudget"), b => RenderedManifests.Selects(b.Root.At("spec", "selector"), deployment.PodLabels));
        Assert.Equal("policy/v1", budget.ApiVersion);
        Assert.True(budget.Root.Number("spec", "maxUnavailable") >= 1, $"{budget} must let one pod go (a minAvailable with one replica blocks every drain).");
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Image_IsTheServicesOwn(string kustomization, string service)
    {
        var (_, deployment) = Render(kustomization, service);
        var image = deployment.Container.Text("image")!;
        Assert.StartsWith($"fleet/{service}:", image, StringComparison.Ordinal);
        Assert.Equal(service, deployment.Container.Text("name"));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void RedisUrl_IsTheServicesOwnAclUserWithItsPasswordFromTheSecret(string kustomization, string service)
    {
        var (rendered, deployment) = Render(kustomization, service);
        var password = Assert.Single(deployment.Container.Items("env"), e => e.Text("name") == "REDIS_PASSWORD");
        Assert.Equal(TestSecrets.RedisPasswords, password.Text("valueFrom", "secretKeyRef", "name"));
        Assert.Equal(TestSecrets.PasswordKey(service), password.Text("valueFrom", "secretKeyRef", "key"));

        var url = FleetDeployments.Environment(rendered, deployment)["ConnectionStrings__Redis"];
        var options = RedisClientOptions.Parse(url);
        Assert.Equal(service, options.User);
        Assert.Equal("placeholder", options.Password);
        Assert.DoesNotContain("$(", url, StringComparison.Ordinal);
    }

    private static (RenderedManifests Rendered, Manifest Deployment) Render(string kustomization, string service)
    {
        var rendered = Kustomize.Render(kustomization);
        return (rendered, rendered.Single("Deployment", service));
    }
}
