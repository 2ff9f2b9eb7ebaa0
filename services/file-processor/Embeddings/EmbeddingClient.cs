using Fleet.Contracts;
using Fleet.Events;

namespace Fleet.FileProcessor.Embeddings;

/// <summary>
/// Asks embedding-generator for a file's vectors by request/response: <c>embedding.generation.requested</c> on the lane
/// of its priority with a fresh correlation id, then the first of <c>embedding.generation.completed</c> and
/// <c>.failed</c> with that id on ai.events. Throws <see cref="EventWaitTimeoutException"/> when neither arrives within
/// the timeout (measured on the requester's <see cref="TimeProvider"/>).
/// </summary>
internal sealed class EmbeddingClient(IEventRequester requester, IEventPublisher publisher, EventTypeRegistry registry, TimeProvider time)
{
    public const string CompletedType = "embedding.generation.completed";
    public const string FailedType = "embedding.generation.failed";

    public async Task<EmbeddingAnswer> RequestAsync(EmbeddingGenerationRequested request, PublishOptions causedBy, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var correlationId = Ulid.NewUlid(time);
        var started = time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Both waits are registered before the request goes out: WaitForEventAsync registers with the stream's reader
        // synchronously, before it first yields, so even an answer faster than the publish's reply is heard. (A wait
        // begun after publishing would also find an early answer through the reader's ResponseMemory, but only while it
        // is younger than that memory; registering first has no such window.)
        var completed = requester.WaitForEventAsync(FleetStreams.Ai, CompletedType, correlationId, timeout, stop.Token);
        var failed = requester.WaitForEventAsync(FleetStreams.Ai, FailedType, correlationId, timeout, stop.Token);
        try
        {
            await publisher.PublishAsync(FleetStreams.AiLane(request.Priority), request, causedBy with { CorrelationId = correlationId }, cancellationToken);
            var first = await Task.WhenAny(completed, failed);

            // A wait that failed (its timeout) while the other has its answer at the same instant still yields the answer.
            var envelope = first.IsCompletedSuccessfully ? await first : await (first == completed ? failed : completed);
            var elapsed = time.GetElapsedTime(started);
            var data = registry.Deserialize(envelope.Type, envelope.Version, envelope.Data);
            return new EmbeddingAnswer(data as EmbeddingGenerationCompleted, data as EmbeddingGenerationFailed, elapsed);
        }
        finally
        {
            // The other wait is no longer wanted: cancel it and observe its end, so nothing stays registered or unobserved.
            await stop.CancelAsync();
            await Task.WhenAll((Task)completed, failed).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
