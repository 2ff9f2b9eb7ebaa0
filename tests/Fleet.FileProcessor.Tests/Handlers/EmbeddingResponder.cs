using System.Collections.Concurrent;
using System.Globalization;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.FileProcessor.Tests.Handlers;

/// <summary>How the test's embedding responder answers.</summary>
internal enum Answer
{
    /// <summary><c>embedding.generation.completed</c> with one vector key per chunk.</summary>
    Complete,

    /// <summary><c>embedding.generation.failed</c> (model_failed).</summary>
    Fail,

    /// <summary>No answer at all (a generator that is down or far behind).</summary>
    Silent,
}

/// <summary>
/// Stands in for embedding-generator in handler tests, with the real contracts over the real bus: a consumer group on each
/// embedding lane that reads the chunk hash the request names and answers on ai.events with the request's correlation id
/// (<see cref="EventContext{TEvent}.FollowUp"/>). It computes no vectors: what it checks is what file-processor sends.
/// </summary>
internal sealed class EmbeddingResponder
{
    public const string Group = "embedding-responder";
    public const string Model = "test-responder";

    private volatile int _answer = (int)Answer.Complete;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public Answer Answer
    {
        get => (Answer)_answer;
        set => _answer = (int)value;
    }

    public void Register(FleetEventsBuilder events)
    {
        foreach (var lane in new[] { FleetStreams.AiHigh, FleetStreams.Ai, FleetStreams.AiLow })
        {
            events.AddConsumerGroup(lane, Group, group => group
                .Configure(o => o.BlockTimeout = TimeSpan.FromMilliseconds(500))
                .Handle<EmbeddingGenerationRequested>((context, ct) => RespondAsync(lane, context, ct)));
        }
    }

    private async ValueTask RespondAsync(string lane, EventContext<EmbeddingGenerationRequested> context, CancellationToken cancellationToken)
    {
        var request = context.Data;
        var chunks = await context.Services.GetRequiredService<RedisClient>().HashGetAllAsync(request.ChunksKey, cancellationToken);
        Requests.Enqueue(new ReceivedRequest(lane, request, context.Envelope, chunks));
        var publisher = context.Services.GetRequiredService<IEventPublisher>();
        var keys = context.Services.GetRequiredService<ContractKeys>();
        switch (Answer)
        {
            case Answer.Complete:
                var vectorKeys = Enumerable.Range(0, request.ChunkCount).Select(i => keys.Vector(request.FileId, i)).ToArray();
                await publisher.PublishAsync(FleetStreams.Ai, new EmbeddingGenerationCompleted(request.FileId, request.UserId, vectorKeys, 384, Model), context.FollowUp(), cancellationToken);
                break;
            case Answer.Fail:
                await publisher.PublishAsync(FleetStreams.Ai, new EmbeddingGenerationFailed(request.FileId, request.UserId, "model_failed", string.Create(CultureInfo.InvariantCulture, $"test responder refused {chunks.Count} chunks")), context.FollowUp(), cancellationToken);
                break;
            case Answer.Silent:
                break;
        }
    }
}

/// <summary>A request the responder received, with the chunk hash as it was then.</summary>
internal sealed record ReceivedRequest(string Lane, EmbeddingGenerationRequested Request, EventEnvelope Envelope, IReadOnlyDictionary<string, RedisValue> Chunks);
