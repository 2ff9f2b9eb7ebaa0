using Fleet.Contracts;
using Fleet.Events;
using YamlDotNet.RepresentationModel;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// KEDA in every kustomization: one ScaledObject per Deployment, on redis-streams triggers whose stream keys are keys the
/// code's StreamKeys builds for the fleet's streams, read as the `operator` ACL user. That the (key, group) pairs are
/// exactly the groups each service runs is <see cref="ConsumerGroupIntegrationTests"/>'s part.
/// </summary>
public sealed class ScaledObjectTests
{
    public static TheoryData<string, string> Deployments => FleetDeployments.InEveryKustomization;

    public static TheoryData<string> Kustomizations => Kustomize.All;

    [Theory]
    [MemberData(nameof(Deployments))]
    public void ScaledObject_ScalesTheDeploymentWithinBounds(string kustomization, string service)
    {
        var rendered = Kustomize.Render(kustomization);
        var scaled = Assert.Single(rendered.OfKind("ScaledObject"), s => s.Root.Text("spec", "scaleTargetRef", "name") == service);
        Assert.Equal("keda.sh/v1alpha1", scaled.ApiVersion);
        Assert.Null(rendered.Single("Deployment", service).Root.At("spec", "replicas"));
        var min = scaled.Root.Number("spec", "minReplicaCount");
        var max = scaled.Root.Number("spec", "maxReplicaCount");
        Assert.True(min >= 1, $"{scaled} may scale to zero: nobody would run the service's timed work (claims, leases, sweeps).");
        Assert.True(max >= min, $"{scaled}: maxReplicaCount {max} is below minReplicaCount {min}.");
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Triggers_ReadStreamKeysOfTheCodeAsTheOperator(string kustomization, string service)
    {
        var rendered = Kustomize.Render(kustomization);
        var deployment = rendered.Single("Deployment", service);
        var environment = FleetDeployments.Environment(rendered, deployment);
        var keys = new StreamKeys();
        var known = FleetStreams.All.SelectMany(s => new[] { keys.Stream(s), keys.DeadLetters(s), keys.Parked(s) }).ToHashSet(StringComparer.Ordinal);
        var triggers = Triggers(rendered, service);
        Assert.NotEmpty(triggers);
        foreach (var trigger in triggers)
        {
            Assert.Equal("redis-streams", trigger.Text("type"));
            var stream = trigger.Text("metadata", "stream")!;
            Assert.Contains(stream, known);
            Assert.False(string.IsNullOrEmpty(trigger.Text("metadata", "consumerGroup")), $"{service}: a trigger on {stream} names no group.");
            Assert.True(int.Parse(trigger.Text("metadata", "lagCount") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0, $"{service}: the trigger on {stream} has no lagCount.");

            // KEDA reads host:port from the target's own environment (the same ConfigMap as its ConnectionStrings__Redis).
            var address = trigger.Text("metadata", "addressFromEnv")!;
            Assert.Contains(address, environment.Keys);
            Assert.EndsWith("@" + environment[address], environment["ConnectionStrings__Redis"], StringComparison.Ordinal);

            var authentication = rendered.Single("TriggerAuthentication", trigger.Text("authenticationRef", "name")!);
            var parameters = authentication.Root.Items("spec", "secretTargetRef").ToDictionary(p => p.Text("parameter")!, StringComparer.Ordinal);
            var user = parameters["username"];
            Assert.Equal("operator", rendered.Single("Secret", user.Text("name")!).Root.Text("stringData", user.Text("key")!));
            Assert.Equal(TestSecrets.RedisPasswords, parameters["password"].Text("name"));
            Assert.Equal(TestSecrets.PasswordKey("operator"), parameters["password"].Text("key"));
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Triggers_AreTheSameInEveryKustomization(string kustomization)
    {
        static IEnumerable<string> Pairs(RenderedManifests rendered) =>
            rendered.OfKind("ScaledObject").SelectMany(s => s.Root.Items("spec", "triggers").Select(t =>
                $"{s.Name} {t.Text("metadata", "stream")} {t.Text("metadata", "consumerGroup")} {t.Text("metadata", "lagCount")}")).Order(StringComparer.Ordinal);

        Assert.Equal(Pairs(Kustomize.Render(Kustomize.Base)), Pairs(Kustomize.Render(kustomization)));
    }

    /// <summary>The redis-streams triggers of <paramref name="service"/>'s ScaledObject.</summary>
    internal static IReadOnlyList<YamlNode> Triggers(RenderedManifests rendered, string service) =>
        rendered.OfKind("ScaledObject").Single(s => s.Root.Text("spec", "scaleTargetRef", "name") == service).Root.Items("spec", "triggers");
}
