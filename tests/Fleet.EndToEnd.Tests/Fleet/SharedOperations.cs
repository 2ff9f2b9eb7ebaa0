namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>The tests that share one running operations fleet (<see cref="OperationsFixture"/>); xUnit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedOperations : ICollectionFixture<OperationsFixture>
{
    public const string Name = "operations";
}
