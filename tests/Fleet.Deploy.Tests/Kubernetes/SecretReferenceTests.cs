using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>Every Secret key the manifests read is one docs/deploy/kubernetes.md tells users to create, and the page names each.</summary>
public sealed class SecretReferenceTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(ServiceBinaries.RepositoryRoot, "docs", "deploy", "kubernetes.md"));

    public static TheoryData<string> Kustomizations => Kustomize.All;

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void EverySecretKeyRead_IsDocumented(string kustomization)
    {
        var rendered = Kustomize.Render(kustomization);
        var created = rendered.OfKind("Secret").SelectMany(s => s.Root.Strings("stringData").Keys.Select(k => (s.Name, k))).ToHashSet();
        var read = new List<(string Secret, string Key)>();
        foreach (var workload in rendered.OfKind("Deployment").Concat(rendered.OfKind("StatefulSet")))
        {
            foreach (var container in workload.PodSpec.Items("containers").Concat(workload.PodSpec.Items("initContainers")))
            {
                read.AddRange(container.Items("env").Select(e => e.At("valueFrom", "secretKeyRef")).OfType<YamlDotNet.RepresentationModel.YamlNode>()
                    .Select(r => (r.Text("name")!, r.Text("key")!)));
                read.AddRange(container.Items("envFrom").Select(e => e.Text("secretRef", "name")).OfType<string>()
                    .SelectMany(secret => TestSecrets.Documented.Where(d => d.Secret == secret)));
            }
        }

        read.AddRange(rendered.OfKind("TriggerAuthentication").SelectMany(a => a.Root.Items("spec", "secretTargetRef")).Select(r => (r.Text("name")!, r.Text("key")!)));
        Assert.NotEmpty(read);
        Assert.All(read, reference => Assert.True(
            TestSecrets.Documented.Contains(reference) || created.Contains(reference),
            $"{kustomization} reads key {reference.Key} of Secret {reference.Secret}, which neither the repository nor docs/deploy/kubernetes.md creates."));
    }

    [Fact]
    public void EveryDocumentedSecretKey_IsOnThePage()
    {
        Assert.All(TestSecrets.Documented, d =>
        {
            Assert.Contains($"`{d.Secret}`", Page, StringComparison.Ordinal);
            Assert.Contains($"`{d.Key}`", Page, StringComparison.Ordinal);
        });
    }
}
