namespace Fleet.Deploy.Tests.Kubernetes;

/// <summary>
/// Every consumer group each service really joins, read from Redis after the service started with its dev Deployment's
/// environment, is exactly one redis-streams trigger of its ScaledObject (stream key and group name), and every trigger
/// is a group the service joins: a group renamed, added or dropped in the code fails here.
/// </summary>
public sealed class ConsumerGroupIntegrationTests(KubernetesFleetFixture fleet) : IClassFixture<KubernetesFleetFixture>
{
    public static TheoryData<string> Services => [.. FleetDeployments.Names];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ScaledObjectTriggers_AreTheGroupsTheServiceJoins(string service)
    {
        var expected = string.Join('\n', ScaledObjectTests.Triggers(KubernetesFleetFixture.Dev, service)
            .Select(t => $"{t.Text("metadata", "stream")} {t.Text("metadata", "consumerGroup")}")
            .Order(StringComparer.Ordinal));

        // Ready means the typed groups read; the raw loops (archiver, dead letters) may still be creating theirs.
        var groups = await Fleet.Testing.Eventually.UntilAsync(
            () => fleet.GroupsOfAsync(service), actual => actual == expected,
            $"{service}'s consumer groups are its ScaledObject's triggers:\n{expected}\n", TimeSpan.FromSeconds(60));
        Assert.Equal(expected, groups);
    }
}
