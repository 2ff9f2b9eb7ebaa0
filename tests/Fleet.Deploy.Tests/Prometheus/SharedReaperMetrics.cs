namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>The tests that read one <see cref="ReaperMetricsFixture"/>'s dead-letter-reaper: started once for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class SharedReaperMetrics : ICollectionFixture<ReaperMetricsFixture>
{
    public const string Name = "reaper-metrics";
}
