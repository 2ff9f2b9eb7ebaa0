using System.Buffers.Binary;
using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.Testing;

namespace Fleet.EndToEnd.Tests.Uploads;

/// <summary>One upload through the running fleet: what it ends in, read from Redis and from the user's webhook and mailbox.</summary>
[Collection(SharedFleet.Name)]
public sealed class UploadIntegrationTests(FleetFixture fleet)
{
    /// <summary>all-MiniLM-L6-v2's 384 dimensions as FLOAT32.</summary>
    private const int EmbeddingBytes = 384 * sizeof(float);

    [Fact]
    public async Task Upload_Pdf_ProcessedWithVectorsStoredAndOneWebhookAndOneEmail()
    {
        var user = FleetFixture.NewUser("pdf");
        await fleet.SetPreferencesAsync(user, NotificationChannel.Webhook, NotificationChannel.Email);

        var upload = await fleet.UploadAsync(user, "report.pdf", "application/pdf");

        var processed = (await fleet.ProcessedAsync([upload]))[upload.FileId];
        Assert.Equal(upload.EventId, processed.Envelope.CausationId?.ToString());
        Assert.Equal(user, processed.Data.UserId);
        Assert.InRange(processed.Data.Chunks, 1, 10_000);
        Assert.Equal(processed.Data.Chunks, processed.Data.Vectors);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"report.pdf: {processed.Data.Chunks} chunks, {processed.Data.Vectors} vectors of {processed.Data.Model}; "
            + $"extraction {processed.Data.ExtractionMilliseconds:0} ms, embedding {processed.Data.EmbeddingMilliseconds:0} ms, total {processed.Data.TotalMilliseconds:0} ms");
        for (var index = 0; index < processed.Data.Vectors; index++)
        {
            var vector = await fleet.State.VectorAsync(upload.FileId, index);
            Assert.True(vector.ContainsKey("embedding"), $"{fleet.State.Keys.Vector(upload.FileId, index)} has no embedding; fields: {string.Join(", ", vector.Keys)}");
            var embedding = vector["embedding"].ToArray();
            Assert.Equal(EmbeddingBytes, embedding.Length);
            var values = Enumerable.Range(0, 384).Select(i => BinaryPrimitives.ReadSingleLittleEndian(embedding.AsSpan(i * sizeof(float)))).ToArray();
            Assert.All(values, value => Assert.True(float.IsFinite(value)));
            Assert.Contains(values, value => value != 0);
            Assert.Equal(upload.FileId, (string?)vector["file_id"]);
            Assert.Equal(user, (string?)vector["user_id"]);
            Assert.Equal(index, (long)vector["chunk_index"]);
            Assert.Equal(processed.Data.Model, (string?)vector["model"]);
            Assert.Equal(64, ((string?)vector["text_hash"])?.Length);
        }

        await fleet.DeliveredAsync(upload, NotificationChannel.Webhook, NotificationChannel.Email);
        var key = Assert.Single(await fleet.DeliveryKeysAsync(upload));
        var webhook = Assert.Single(fleet.Webhooks.WithKey(key));
        Assert.True(webhook.SignatureValid, $"The webhook's X-Fleet-Signature does not match its body and X-Fleet-Timestamp ({webhook.Timestamp}).");
        Assert.Equal("/hooks/" + user, webhook.Path);
        Assert.Contains(upload.FileId, webhook.Body, StringComparison.Ordinal);
        var email = Assert.Single(fleet.Mail.WithKey(key));
        Assert.Equal([FleetFixture.EmailOf(user)], email.Recipients);
    }

    [Fact]
    public async Task Upload_CorruptPdf_FailedDeadLetteredAndNotified()
    {
        var user = FleetFixture.NewUser("corrupt");
        await fleet.SetPreferencesAsync(user, NotificationChannel.Webhook, NotificationChannel.Email);

        var upload = await fleet.UploadAsync(user, "corrupt.pdf", "application/pdf");

        var failed = await Eventually.UntilAsync(
            async () => (await fleet.State.EventsAsync<FileProcessingFailed>(FleetStreams.Contextual)).Where(e => e.Data.FileId == upload.FileId).ToList(),
            found => found.Count > 0,
            $"{upload.FileId} has file.processing.failed",
            FleetFixture.WorkLimit);
        Assert.Equal("corrupt", failed[0].Data.Reason);
        Assert.Equal(upload.EventId, failed[0].Envelope.CausationId?.ToString());

        var deadLetter = await Eventually.UntilAsync(
            async () => (await fleet.State.DeadLettersAsync(FleetStreams.Contextual)).Where(e => (string?)e["id"] == upload.EventId).ToList(),
            found => found.Count > 0,
            $"the upload event {upload.EventId} is dead-lettered on contextual.events",
            FleetFixture.WorkLimit);
        var letter = Assert.Single(deadLetter);
        Assert.Equal("permanent", (string?)letter["dlq_error_type"]);
        Assert.Equal("file-processor", (string?)letter["dlq_group"]);
        Assert.Equal(upload.EntryId, (string?)letter["dlq_entry_id"]);

        await fleet.DeliveredAsync(upload, NotificationChannel.Webhook, NotificationChannel.Email);
        var key = Assert.Single(await fleet.DeliveryKeysAsync(upload));
        Assert.True(Assert.Single(fleet.Webhooks.WithKey(key)).SignatureValid);
        Assert.Single(fleet.Mail.WithKey(key));
        Assert.DoesNotContain(await fleet.State.EventsAsync<FileProcessed>(FleetStreams.Contextual), e => e.Data.FileId == upload.FileId);
    }
}
