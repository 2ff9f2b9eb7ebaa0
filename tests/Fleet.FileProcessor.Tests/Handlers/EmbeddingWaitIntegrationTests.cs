using Fleet.Contracts;
using Fleet.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.FileProcessor.Tests.Handlers;

/// <summary>
/// The embedding wait on the handler's clock: no answer within FileProcessor:EmbeddingTimeout is transient (the upload is
/// delivered again) until the group's last delivery, where it fails the file with <c>embedding_timeout</c>. The clock is a
/// FakeTimeProvider, so two minutes pass when the test says so.
/// </summary>
public sealed class EmbeddingWaitIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan EmbeddingTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Upload_NoAnswerOnTheLastDelivery_FailsWithEmbeddingTimeoutAndIsDeadLettered()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new FileProcessorHarness(redis.Server, new Dictionary<string, string?> { ["FileProcessor:MaxDeliveries"] = "1" }, time);
        harness.Responder.Answer = Answer.Silent;
        await harness.StartAsync();

        var (_, eventId) = await harness.UploadSampleAsync("plain.txt", "text/plain");
        await Eventually.TrueAsync(() => !harness.Responder.Requests.IsEmpty, "the embedding request arrives");

        // Both waits were registered before the request was published, so their timers run on the fake clock by now.
        time.Advance(EmbeddingTimeout);
        var events = await harness.WaitForAsync(FleetStreams.Contextual, "file.processing.failed", eventId);

        Assert.Equal(["file.processing.started", "file.text.extracted", "file.processing.failed"], events.Select(e => e.Type));
        Assert.Equal(FailureReasons.EmbeddingTimeout, events[2].String("reason"));
        var notification = Assert.Single(await harness.WaitForAsync(FleetStreams.Notification, "notification.requested", eventId));
        Assert.Equal("file.processing.failed", notification.String("topic"));
        var deadLetter = Assert.Single(await Eventually.UntilAsync(() => harness.DeadLettersAsync(FleetStreams.Contextual), d => d.Count > 0, "the upload is dead-lettered"));
        Assert.StartsWith("embedding_timeout: ", deadLetter["dlq_error_message"].ToString(), StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await harness.PendingUploadsAsync() == 0, "nothing is left pending (the group acknowledges its own follow-ups in a batch)");
    }

    [Fact]
    public async Task Upload_NoAnswerBeforeTheLastDelivery_StaysPendingAndIsProcessedWhenDeliveredAgain()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new FileProcessorHarness(redis.Server, new Dictionary<string, string?> { ["FileProcessor:MaxDeliveries"] = "2" }, time);
        harness.Responder.Answer = Answer.Silent;
        await harness.StartAsync();

        var (upload, eventId) = await harness.UploadSampleAsync("plain.txt", "text/plain");
        await Eventually.TrueAsync(() => !harness.Responder.Requests.IsEmpty, "the embedding request arrives");
        time.Advance(EmbeddingTimeout);
        await harness.Logs.Seen(8002).WaitAsync(Eventually.DefaultLimit, TestContext.Current.CancellationToken);

        // Delivery 1 of 2 timed out: nothing failed, nothing dead-lettered, the upload is still pending.
        Assert.DoesNotContain(await harness.EventsAsync(FleetStreams.Contextual), e => e.Type == "file.processing.failed");
        Assert.Empty(await harness.DeadLettersAsync(FleetStreams.Contextual));
        Assert.Equal(1, await harness.PendingUploadsAsync());

        // A restarted instance reads its own pending entries first: delivery 2, and this time embedding-generator answers.
        // It runs on the real clock: the fake one is two minutes ahead of the stream ids Redis gives, and a response
        // reader starts reading at its clock's now minus ResponseMemory.
        harness.Responder.Answer = Answer.Complete;
        await harness.StopAsync();
        await harness.StartAsync(TimeProvider.System);
        var events = await harness.WaitForAsync(FleetStreams.Contextual, "file.processed", eventId);

        Assert.DoesNotContain(events, e => e.Type == "file.processing.failed");
        var requests = harness.Responder.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal(upload.FileId, r.Request.FileId));
        Assert.NotEqual(requests[0].Envelope.CorrelationId, requests[1].Envelope.CorrelationId);
        await Eventually.TrueAsync(async () => await harness.PendingUploadsAsync() == 0, "the upload is acknowledged");
        Assert.Empty(await harness.DeadLettersAsync(FleetStreams.Contextual));
    }
}
