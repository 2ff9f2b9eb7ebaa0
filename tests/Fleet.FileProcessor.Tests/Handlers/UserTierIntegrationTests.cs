using Fleet.Contracts;
using Fleet.Events;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.FileProcessor.Tests.Handlers;

/// <summary><c>user.tier.changed</c> is kept in Redis and decides the lane of the user's uploads that do not ask for one.</summary>
public sealed class UserTierIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Upload_AfterTierChanges_UsesTheTiersLaneUnlessItAsksForOne()
    {
        await using var harness = new FileProcessorHarness(redis.Server);
        await harness.StartAsync();

        Assert.Equal(FleetStreams.Ai, await LaneOfUploadAsync(harness, Priority.Normal));

        await ChangeTierAsync(harness, UserTier.Enterprise, "enterprise");
        Assert.Equal(FleetStreams.AiHigh, await LaneOfUploadAsync(harness, Priority.Normal));
        Assert.Equal(FleetStreams.AiLow, await LaneOfUploadAsync(harness, Priority.Low));

        await ChangeTierAsync(harness, UserTier.Free, "free");
        Assert.Equal(FleetStreams.AiLow, await LaneOfUploadAsync(harness, Priority.Normal));
        Assert.Equal(FleetStreams.AiHigh, await LaneOfUploadAsync(harness, Priority.High));

        await ChangeTierAsync(harness, UserTier.Pro, "pro");
        Assert.Equal(FleetStreams.Ai, await LaneOfUploadAsync(harness, Priority.Normal));
    }

    private static async Task ChangeTierAsync(FileProcessorHarness harness, UserTier tier, string stored)
    {
        await harness.Services.GetRequiredService<IEventPublisher>().PublishAsync(
            FleetStreams.User, new UserTierChanged(FileProcessorHarness.UserId, tier), cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(
            async () => (await harness.Redis.GetAsync(harness.Contract.Tier(FileProcessorHarness.UserId), TestContext.Current.CancellationToken)).ToString() == stored,
            $"the tier is stored as {stored}");
    }

    private static async Task<string> LaneOfUploadAsync(FileProcessorHarness harness, Priority declared)
    {
        var (upload, eventId) = await harness.UploadSampleAsync("plain.txt", "text/plain", declared);
        var events = await harness.WaitForAsync(FleetStreams.Contextual, "file.processed", eventId);
        var request = harness.Responder.Requests.Single(r => r.Request.FileId == upload.FileId);
        Assert.Equal(events[0].String("priority"), request.Request.Priority.ToString().ToLowerInvariant());
        return request.Lane;
    }
}
