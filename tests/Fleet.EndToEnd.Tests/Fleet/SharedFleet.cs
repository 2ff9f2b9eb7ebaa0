namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>The tests that share one running fleet; xUnit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedFleet : ICollectionFixture<FleetFixture>
{
    public const string Name = "fleet";
}
