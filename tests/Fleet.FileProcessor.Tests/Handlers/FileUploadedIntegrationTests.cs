using Fleet.Contracts;
using Fleet.FileProcessor.Chunking;
using Fleet.Testing;

namespace Fleet.FileProcessor.Tests.Handlers;

/// <summary>The whole <c>file.uploaded</c> handler on a real redis-server, answered by the test's embedding responder.</summary>
public sealed class FileUploadedIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Theory]
    [InlineData("report.pdf", "application/pdf", "pdf", "A consumer group turns a stream into a work queue.")]
    [InlineData("design.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Customer churn stayed low at 1.8 per cent")]
    [InlineData("notes.md", "text/markdown", "markdown", "Trekking poles save the knees on the long descents")]
    [InlineData("page.html", "text/html", "html", "Heat the oven to two hundred and fifty degrees Celsius")]
    [InlineData("utf16.txt", "text/plain", "text", "« le sens marin »")]
    public async Task Upload_SupportedSample_IsProcessedAndNotified(string name, string mimeType, string format, string sentence)
    {
        await using var harness = new FileProcessorHarness(redis.Server);
        await harness.StartAsync();

        var (upload, eventId) = await harness.UploadSampleAsync(name, mimeType);
        var events = await harness.WaitForAsync(FleetStreams.Contextual, "file.processed", eventId);

        // Started, then extracted, then processed: each caused by the upload, in this order.
        Assert.Equal(["file.processing.started", "file.text.extracted", "file.processed"], events.Select(e => e.Type));
        var extracted = events[1];
        Assert.Equal(format, extracted.String("format"));
        var chunkCount = (int)extracted.Number("chunks");
        Assert.InRange(chunkCount, 2, 20);
        Assert.True(extracted.Number("words") > 200, "the sample has a few hundred words");

        // The chunks wait in Redis for embedding-generator, field = index, for a day.
        var chunks = await harness.Redis.HashGetAllAsync(harness.Contract.Chunks(upload.FileId), TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(0, chunkCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), chunks.Keys.Order());
        Assert.Contains(chunks.Values, text => text.ToString().Contains(sentence, StringComparison.Ordinal));
        Assert.All(chunks.Values, text => Assert.InRange(text.ToString().Length, 1, 1000));
        var ttl = await harness.Redis.TimeToLiveAsync(harness.Contract.Chunks(upload.FileId), TestContext.Current.CancellationToken);
        Assert.InRange(ttl.Remaining!.Value, ChunkStore.Lifetime - TimeSpan.FromMinutes(5), ChunkStore.Lifetime);

        // One request, on the normal lane, naming the hash and the count, with a correlation id of its own.
        var request = Assert.Single(harness.Responder.Requests);
        Assert.Equal(FleetStreams.Ai, request.Lane);
        Assert.Equal(new EmbeddingGenerationRequested(upload.FileId, FileProcessorHarness.UserId, harness.Contract.Chunks(upload.FileId), chunkCount, Priority.Normal), request.Request);
        Assert.Equal(chunkCount, request.Chunks.Count);
        Assert.NotNull(request.Envelope.CorrelationId);
        Assert.Equal(eventId, request.Envelope.CausationId);

        var processed = events[2];
        Assert.Equal(chunkCount, processed.Number("chunks"));
        Assert.Equal(chunkCount, processed.Number("vectors"));
        Assert.Equal(EmbeddingResponder.Model, processed.String("model"));
        Assert.True(processed.Data.GetProperty("total_milliseconds").GetDouble() >= processed.Data.GetProperty("embedding_milliseconds").GetDouble());

        var notification = Assert.Single(await harness.WaitForAsync(FleetStreams.Notification, "notification.requested", eventId));
        Assert.Equal("file.processed", notification.String("topic"));
        Assert.Equal(upload.FileId, notification.String("reference"));
        Assert.Contains(name, notification.String("subject"), StringComparison.Ordinal);
        Assert.Contains($"{chunkCount} chunks", notification.String("body"), StringComparison.Ordinal);

        await Eventually.TrueAsync(async () => await harness.PendingUploadsAsync() == 0, "the upload is acknowledged");
        Assert.Empty(await harness.DeadLettersAsync(FleetStreams.Contextual));
    }

    public static TheoryData<string, string> Failures() => new()
    {
        { FailureReasons.UnsupportedType, "image.png" },
        { FailureReasons.Encrypted, "encrypted.pdf" },
        { FailureReasons.Corrupt, "corrupt.pdf" },
        { FailureReasons.NoText, "empty.txt" },
        { FailureReasons.Missing, "never stored" },
        { FailureReasons.TooLarge, "declared too large" },
        { FailureReasons.OutsideStorage, "outside the root" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Upload_BadFile_FailsNotifiesAndIsDeadLetteredOnce(string reason, string scene)
    {
        await using var harness = new FileProcessorHarness(redis.Server, new Dictionary<string, string?> { ["FileProcessor:MaxFileBytes"] = "100000" });
        await harness.StartAsync();

        var (upload, eventId) = scene switch
        {
            "never stored" => await harness.UploadAsync("gone.txt", content: null, "text/plain", declaredSize: 10),
            "declared too large" => await harness.UploadAsync("big.txt", "small"u8.ToArray(), "text/plain", declaredSize: 100_001),
            "outside the root" => await harness.UploadAsync("passwd.txt", "x"u8.ToArray(), "text/plain", storageUri: new Uri(Path.Combine(harness.StorageRoot, "..", "elsewhere.txt")).AbsoluteUri),
            _ => await harness.UploadSampleAsync(scene, scene.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : scene.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "text/plain"),
        };
        var events = await harness.WaitForAsync(FleetStreams.Contextual, "file.processing.failed", eventId);

        Assert.Equal(["file.processing.started", "file.processing.failed"], events.Select(e => e.Type));
        var failed = events[1];
        Assert.Equal(reason, failed.String("reason"));
        Assert.Equal(upload.FileId, failed.String("file_id"));
        Assert.Equal(upload.FileName, failed.String("file_name"));

        var notification = Assert.Single(await harness.WaitForAsync(FleetStreams.Notification, "notification.requested", eventId));
        Assert.Equal("file.processing.failed", notification.String("topic"));
        Assert.Equal(upload.FileId, notification.String("reference"));
        Assert.Contains(reason, notification.String("body"), StringComparison.Ordinal);

        // Dead-lettered at once as permanent, with the reason code first in the message; never retried or left pending.
        var deadLetter = Assert.Single(await Eventually.UntilAsync(() => harness.DeadLettersAsync(FleetStreams.Contextual), d => d.Count > 0, "the upload is dead-lettered"));
        Assert.Equal(eventId.ToString(), deadLetter["id"].ToString());
        Assert.Equal("permanent", deadLetter["dlq_error_type"].ToString());
        Assert.StartsWith(reason + ": ", deadLetter["dlq_error_message"].ToString(), StringComparison.Ordinal);
        Assert.Equal("1", deadLetter["dlq_delivery_count"].ToString());
        // The group also reads the follow-ups it published (acknowledged without work, in a batch), so wait for them too.
        await Eventually.TrueAsync(async () => await harness.PendingUploadsAsync() == 0, "nothing is left pending");
        Assert.Empty(harness.Responder.Requests);
        Assert.False(await harness.Redis.ExistsAsync(harness.Contract.Chunks(upload.FileId), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Upload_EmbeddingFailed_FailsWithEmbeddingFailedAndIsDeadLettered()
    {
        await using var harness = new FileProcessorHarness(redis.Server);
        harness.Responder.Answer = Answer.Fail;
        await harness.StartAsync();

        var (_, eventId) = await harness.UploadSampleAsync("plain.txt", "text/plain");
        var events = await harness.WaitForAsync(FleetStreams.Contextual, "file.processing.failed", eventId);

        Assert.Equal(["file.processing.started", "file.text.extracted", "file.processing.failed"], events.Select(e => e.Type));
        Assert.Equal(FailureReasons.EmbeddingFailed, events[2].String("reason"));
        Assert.Contains("model_failed", events[2].String("message"), StringComparison.Ordinal);
        var deadLetter = Assert.Single(await Eventually.UntilAsync(() => harness.DeadLettersAsync(FleetStreams.Contextual), d => d.Count > 0, "the upload is dead-lettered"));
        Assert.StartsWith("embedding_failed: ", deadLetter["dlq_error_message"].ToString(), StringComparison.Ordinal);
        Assert.Single(harness.Responder.Requests);
    }

    [Fact]
    public async Task Upload_SameEventTwice_IsProcessedOnce()
    {
        await using var harness = new FileProcessorHarness(redis.Server);
        await harness.StartAsync();
        var (_, eventId) = await harness.UploadSampleAsync("plain.txt", "text/plain");
        await harness.WaitForAsync(FleetStreams.Contextual, "file.processed", eventId);
        await Eventually.TrueAsync(async () => await harness.PendingUploadsAsync() == 0, "the upload is acknowledged");

        // The same envelope appended again (a producer's retry, an outbox replay): the idempotency guard skips it.
        var original = (await harness.EventsAsync(FleetStreams.Contextual)).Single(e => e.Id == eventId.ToString());
        await harness.Redis.XAddAsync(harness.Keys.Stream(FleetStreams.Contextual), original.Entry.Fields, cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => await harness.PendingUploadsAsync() == 0 && (await GroupLagAsync(harness)) == 0, "the copy is read and acknowledged");

        var caused = (await harness.EventsAsync(FleetStreams.Contextual)).Where(e => e.CausationId == eventId.ToString());
        Assert.Single(caused, e => e.Type == "file.processed");
        Assert.Single(harness.Responder.Requests);
    }

    private static async Task<long> GroupLagAsync(FileProcessorHarness harness)
    {
        var groups = await harness.Redis.XInfoGroupsAsync(harness.Keys.Stream(FleetStreams.Contextual), TestContext.Current.CancellationToken);
        return groups.Single(g => g.Name == FileProcessorGroup.Name).Lag ?? -1;
    }
}
