using Fleet.Redis;
using Fleet.Testing.Processes;

namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// overlays/production: external Redis over TLS and external PostgreSQL (nothing stateful in the cluster), no Jaeger but
/// an OTLP collector setting, at least two replicas of everything and room to scale, KEDA over TLS too.
/// </summary>
public sealed class ProductionOverlayTests
{
    private static readonly RenderedManifests Production = Kustomize.Render(Kustomize.Production);

    [Fact]
    public void Redis_IsExternalOverTls()
    {
        Assert.Empty(Production.OfKind("StatefulSet"));
        Assert.Null(Production.Find("Service", "redis"));
        foreach (var service in FleetDeployments.Names)
        {
            var options = RedisClientOptions.Parse(FleetDeployments.Environment(Production, Production.Single("Deployment", service))["ConnectionStrings__Redis"]);
            Assert.True(options.UseTls, $"{service} reaches Redis without TLS.");
        }

        var authentication = Production.Single("TriggerAuthentication", "fleet-redis-operator");
        var tls = Assert.Single(authentication.Root.Items("spec", "secretTargetRef"), p => p.Text("parameter") == "tls");
        Assert.Equal("enable", Production.Single("Secret", tls.Text("name")!).Root.Text("stringData", tls.Text("key")!));
    }

    [Fact]
    public void Traces_GoToTheCollectorSetting_NoJaegerRuns()
    {
        Assert.DoesNotContain(Production.All, m => m.Name.Contains("jaeger", StringComparison.Ordinal));
        var endpoint = FleetDeployments.Environment(Production, Production.Single("Deployment", ServiceBinaries.Notifier))["OTEL_EXPORTER_OTLP_ENDPOINT"];
        Assert.True(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && !uri.Host.Contains("jaeger", StringComparison.Ordinal), endpoint);
    }

    [Fact]
    public void EveryService_KeepsTwoReplicasAndScalesBeyond()
    {
        Assert.All(FleetDeployments.Names, service =>
        {
            var scaled = Production.Single("ScaledObject", service);
            Assert.True(scaled.Root.Number("spec", "minReplicaCount") >= 2, $"{scaled}: one replica stops a group during a node loss or a rollout.");
            Assert.True(scaled.Root.Number("spec", "maxReplicaCount") > scaled.Root.Number("spec", "minReplicaCount"), $"{scaled} cannot scale.");
        });
    }

    [Fact]
    public void NoSecretValue_IsInTheRepository()
    {
        // The one Secret rendered carries KEDA's user name and TLS switch; every password and key is created by the user.
        var secret = Assert.Single(Production.OfKind("Secret"));
        Assert.Equal(["tls", "username"], secret.Root.Strings("stringData").Keys.Order(StringComparer.Ordinal));
        Assert.Null(secret.Root.At("data"));
        Assert.DoesNotContain(Production.All, m => m.Root.ToString().Contains("password=", StringComparison.OrdinalIgnoreCase));
    }
}
