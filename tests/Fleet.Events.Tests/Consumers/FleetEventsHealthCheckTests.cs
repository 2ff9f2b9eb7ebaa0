using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Events.Tests.Consumers;

public sealed class FleetEventsHealthCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_RecentRead_IsHealthy() =>
        Assert.Equal(HealthStatus.Healthy, FleetEventsHealthCheck.Evaluate(Loop() with { LastSuccessfulRead = Now.AddSeconds(-2) }, Now).Status);

    [Fact]
    public void Evaluate_NotRunning_IsUnhealthy() =>
        Assert.Equal(HealthStatus.Unhealthy, FleetEventsHealthCheck.Evaluate(Loop() with { IsRunning = false, LastSuccessfulRead = Now }, Now).Status);

    [Fact]
    public void Evaluate_NoReadForLongerThanThirtySeconds_IsUnhealthy()
    {
        var (status, problem) = FleetEventsHealthCheck.Evaluate(Loop() with { LastSuccessfulRead = Now.AddSeconds(-31), LastError = "connection refused", LastErrorAt = Now.AddSeconds(-1) }, Now);

        Assert.Equal(HealthStatus.Unhealthy, status);
        Assert.Contains("connection refused", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LongBlockTimeout_AllowsThreeBlockTimeouts() =>
        Assert.Equal(HealthStatus.Healthy, FleetEventsHealthCheck.Evaluate(Loop() with { BlockTimeout = TimeSpan.FromSeconds(20), LastSuccessfulRead = Now.AddSeconds(-50) }, Now).Status);

    [Fact]
    public void Evaluate_BusyWithEveryPrefetchSlotTaken_IsNotStale() =>
        Assert.Equal(HealthStatus.Healthy, FleetEventsHealthCheck.Evaluate(Loop() with { IsBusy = true, LastSuccessfulRead = Now.AddMinutes(-5) }, Now).Status);

    [Fact]
    public void Evaluate_ErrorAfterLastRead_IsDegraded() =>
        Assert.Equal(HealthStatus.Degraded, FleetEventsHealthCheck.Evaluate(Loop() with { LastSuccessfulRead = Now.AddSeconds(-3), LastError = "timeout", LastErrorAt = Now.AddSeconds(-1) }, Now).Status);

    [Fact]
    public void Evaluate_ErrorBeforeLastRead_IsHealthy() =>
        Assert.Equal(HealthStatus.Healthy, FleetEventsHealthCheck.Evaluate(Loop() with { LastSuccessfulRead = Now.AddSeconds(-1), LastError = "timeout", LastErrorAt = Now.AddSeconds(-3) }, Now).Status);

    [Fact]
    public void Evaluate_NeverReadSinceStartLongAgo_IsUnhealthy() =>
        Assert.Equal(HealthStatus.Unhealthy, FleetEventsHealthCheck.Evaluate(Loop() with { StartedAt = Now.AddMinutes(-1) }, Now).Status);

    [Fact]
    public void Evaluate_RunningButNotReadYet_IsUnhealthyWithTheLastError()
    {
        var (status, problem) = FleetEventsHealthCheck.Evaluate(Loop() with { StartedAt = Now.AddSeconds(-1), LastError = "instance 'me' in use", LastErrorAt = Now }, Now);

        Assert.Equal(HealthStatus.Unhealthy, status);
        Assert.Equal("Consumer group workers on orders has not read yet. Last error: instance 'me' in use", problem);
    }

    [Fact]
    public void Evaluate_HandlerRunningPastTwiceTheProcessingTimeout_IsUnhealthy()
    {
        var (status, problem) = FleetEventsHealthCheck.Evaluate(Loop() with { IsBusy = true, LastSuccessfulRead = Now.AddMinutes(-2), LongestRunningHandler = TimeSpan.FromSeconds(61) }, Now);

        Assert.Equal(HealthStatus.Unhealthy, status);
        Assert.Contains("handler running for 61 s", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_HandlerWithinItsProcessingTimeout_IsHealthy() =>
        Assert.Equal(HealthStatus.Healthy, FleetEventsHealthCheck.Evaluate(Loop() with { LastSuccessfulRead = Now, LongestRunningHandler = TimeSpan.FromSeconds(29) }, Now).Status);

    private static ConsumerLoopHealth Loop() => new()
    {
        Stream = "orders",
        Group = "workers",
        Consumer = "me",
        IsRunning = true,
        StartedAt = Now.AddMinutes(-10),
        BlockTimeout = TimeSpan.FromSeconds(5),
        ProcessingTimeout = TimeSpan.FromSeconds(30),
    };
}
