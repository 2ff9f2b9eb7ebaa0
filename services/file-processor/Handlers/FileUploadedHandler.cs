using System.Globalization;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.FileProcessor.Chunking;
using Fleet.FileProcessor.Embeddings;
using Fleet.FileProcessor.Extraction;
using Fleet.FileProcessor.Users;
using Microsoft.Extensions.Options;

namespace Fleet.FileProcessor.Handlers;

/// <summary>
/// Handles <c>file.uploaded</c> (contextual.events): started → text extracted → chunks in Redis → embeddings by
/// request/response → processed and a notification. A file that cannot be processed as it is ends in
/// <c>file.processing.failed</c>, a notification and a dead letter (<see cref="PermanentEventException"/>). Every effect
/// is safe to repeat on redelivery: events carry this event as their cause, the chunk hash and the vectors are
/// overwritten by key.
/// </summary>
internal sealed class FileUploadedHandler(
    FileTextReader reader,
    ChunkStore chunks,
    TierStore tiers,
    EmbeddingClient embeddings,
    IEventPublisher publisher,
    IOptions<FileProcessorOptions> options,
    TimeProvider time,
    ILogger<FileUploadedHandler> logger) : IEventHandler<FileUploaded>
{
    private readonly FileProcessorOptions _options = options.Value;

    public async ValueTask HandleAsync(EventContext<FileUploaded> context, CancellationToken cancellationToken)
    {
        var upload = context.Data;
        var causedBy = context.FollowUp();
        var priority = PriorityPolicy.Resolve(upload.Priority, await tiers.GetAsync(upload.UserId, cancellationToken));
        await publisher.PublishAsync(FleetStreams.Contextual, new FileProcessingStarted(upload.FileId, upload.UserId, upload.FileName, priority), causedBy, cancellationToken);

        ExtractedFile file;
        try
        {
            file = await reader.ReadAsync(upload, cancellationToken);
        }
        catch (FileProcessingException failure)
        {
            throw await FailAsync(context, failure.Reason, failure.Message, cancellationToken);
        }

        await publisher.PublishAsync(
            FleetStreams.Contextual,
            new FileTextExtracted(upload.FileId, upload.UserId, file.Format, file.Characters, file.Words, file.Chunks.Count, file.Elapsed.TotalMilliseconds),
            causedBy,
            cancellationToken);
        var chunksKey = await chunks.WriteAsync(upload.FileId, file.Chunks, cancellationToken);

        EmbeddingAnswer answer;
        try
        {
            answer = await embeddings.RequestAsync(
                new EmbeddingGenerationRequested(upload.FileId, upload.UserId, chunksKey, file.Chunks.Count, priority),
                causedBy,
                _options.EmbeddingTimeout,
                cancellationToken);
        }
        catch (EventWaitTimeoutException) when (context.DeliveryCount >= _options.MaxDeliveries)
        {
            throw await FailAsync(
                context,
                FailureReasons.EmbeddingTimeout,
                $"No embeddings arrived within {_options.EmbeddingTimeout} on any of {context.DeliveryCount} deliveries.",
                cancellationToken);
        }
        catch (EventWaitTimeoutException)
        {
            // Transient: the entry stays pending and is delivered again (a claim after ProcessingTimeout).
            Log.EmbeddingTimedOutWillRetry(logger, upload.FileId, _options.EmbeddingTimeout.TotalMilliseconds, context.DeliveryCount, _options.MaxDeliveries);
            throw;
        }

        if (answer.Failed is { } refused)
        {
            throw await FailAsync(context, FailureReasons.EmbeddingFailed, $"embedding-generator could not compute the vectors ({refused.Reason}): {refused.Message}", cancellationToken);
        }

        var stored = answer.Completed!;
        var total = time.GetUtcNow() - context.Envelope.Timestamp;
        await publisher.PublishAsync(
            FleetStreams.Contextual,
            new FileProcessed(
                upload.FileId,
                upload.UserId,
                file.Chunks.Count,
                stored.Keys.Count,
                stored.Model,
                file.Elapsed.TotalMilliseconds,
                answer.Elapsed.TotalMilliseconds,
                Math.Max(0, total.TotalMilliseconds)),
            causedBy,
            cancellationToken);
        await NotifyAsync(
            context,
            "file.processed",
            $"Processed: {upload.FileName}",
            string.Create(CultureInfo.InvariantCulture, $"Your file {upload.FileName} is ready for search: {file.Words} words in {file.Chunks.Count} chunks, {stored.Keys.Count} vectors ({stored.Model})."),
            cancellationToken);
        Log.FileProcessed(logger, upload.FileId, file.Format, file.Characters, file.Chunks.Count, stored.Keys.Count, priority, total.TotalMilliseconds);
    }

    /// <summary>
    /// Publishes <c>file.processing.failed</c> and its notification, and returns the <see cref="PermanentEventException"/>
    /// that dead-letters the upload with the reason code in its message.
    /// </summary>
    private async Task<PermanentEventException> FailAsync(EventContext<FileUploaded> context, string reason, string message, CancellationToken cancellationToken)
    {
        var upload = context.Data;
        var causedBy = context.FollowUp();
        message = Limit(message, 2000);
        await publisher.PublishAsync(FleetStreams.Contextual, new FileProcessingFailed(upload.FileId, upload.UserId, upload.FileName, reason, message), causedBy, cancellationToken);
        await NotifyAsync(
            context,
            "file.processing.failed",
            $"Could not process: {upload.FileName}",
            $"Your file {upload.FileName} could not be processed ({reason}): {message}",
            cancellationToken);
        Log.FileFailed(logger, upload.FileId, reason, message);
        return new PermanentEventException($"{reason}: {message}");
    }

    /// <summary>Asks notifier to tell the upload's owner about <paramref name="topic"/>, caused by the upload (its delivery key).</summary>
    private async Task NotifyAsync(EventContext<FileUploaded> context, string topic, string subject, string body, CancellationToken cancellationToken) =>
        await publisher.PublishAsync(
            FleetStreams.Notification,
            new NotificationRequested(context.Data.UserId, topic, Limit(subject, 200), Limit(body, 4000), context.Data.FileId),
            context.FollowUp(),
            cancellationToken);

    private static string Limit(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}
