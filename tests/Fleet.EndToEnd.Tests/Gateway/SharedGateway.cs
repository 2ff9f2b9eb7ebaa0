namespace Fleet.EndToEnd.Tests.Gateway;

/// <summary>The tests that share one running event-gateway (<see cref="GatewayFixture"/>); xUnit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedGateway : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
