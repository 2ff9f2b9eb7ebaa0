using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.DeadLetterReaper.Tests.DeadLetters;

public sealed class DeadLetterLoopHealthIntegrationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Health_IsUnhealthyUntilTheLoopHasReadOnce()
    {
        await using var fleet = await TestFleet.StartAsync(redis.Server);
        await using var reaper = ReaperHost.Build(fleet, "reaper-1", new FakeTimeProvider(DateTimeOffset.UtcNow));
        var health = reaper.Services.GetRequiredService<DeadLetterLoopHealth>();
        var context = new HealthCheckContext();

        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(context, TestContext.Current.CancellationToken)).Status);

        await reaper.StartAsync();
        await reaper.WaitTurnsAsync(1);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(context, TestContext.Current.CancellationToken)).Status);
    }
}
