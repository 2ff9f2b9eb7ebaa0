using Fleet.Contracts;
using Fleet.EmbeddingGenerator.Embeddings;
using Fleet.EmbeddingGenerator.Handlers;
using Fleet.EmbeddingGenerator.Lanes;
using Fleet.Events;
using Fleet.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NUlid;

namespace Fleet.EmbeddingGenerator.Tests.Handlers;

/// <summary>
/// The service's groups and handlers as Program.cs registers them, in a Generic Host on a real Redis with a key prefix of
/// its own (tests share one server) and the fixture's loaded model.
/// </summary>
internal sealed class GeneratorHost : IAsyncDisposable
{
    private readonly IHost _host;

    private GeneratorHost(IHost host, RedisClient redis, string prefix)
    {
        _host = host;
        Redis = redis;
        Keys = new ContractKeys(new StreamKeys(prefix));
        StreamKeys = new StreamKeys(prefix);
    }

    public RedisClient Redis { get; }

    public ContractKeys Keys { get; }

    public StreamKeys StreamKeys { get; }

    public IEventPublisher Publisher => _host.Services.GetRequiredService<IEventPublisher>();

    public IEventRequester Requester => _host.Services.GetRequiredService<IEventRequester>();

    public static async Task<GeneratorHost> StartAsync(string redisUrl, MiniLmModel model, CancellationToken cancellationToken)
    {
        var redis = await RedisClient.ConnectAsync(redisUrl, cancellationToken);
        var prefix = $"t{Guid.NewGuid():N}:";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["EmbeddingGenerator:BatchSize"] = "2" });
        builder.Services.AddSingleton(redis);
        builder.Services.AddSingleton(model);
        var lane = EmbeddingLanes.GroupOptions(builder.Configuration);
        builder.Services.AddFleetEvents(o =>
            {
                o.KeyPrefix = prefix;
                o.InstanceName = "embedding-generator-test";
            })
            .UseRedis(redis)
            .AddFleetContracts()
            .AddConsumerGroup(FleetStreams.AiHigh, "embedding-generator", group => group
                .Handle<EmbeddingGenerationRequested, EmbeddingGenerationRequestedHandler>(partitionKey: e => e.FileId).Configure(lane))
            .AddConsumerGroup(FleetStreams.Ai, "embedding-generator", group => group
                .Handle<EmbeddingGenerationRequested, EmbeddingGenerationRequestedHandler>(partitionKey: e => e.FileId)
                .Handle<EmbeddingSearchRequested, EmbeddingSearchRequestedHandler>().Configure(lane));
        builder.Services.AddEmbeddingGeneration(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new GeneratorHost(host, redis, prefix);
    }

    /// <summary>Writes a file's chunks the way file-processor does: one hash, field = index.</summary>
    public async Task WriteChunksAsync(string fileId, IReadOnlyList<string> chunks, CancellationToken cancellationToken)
    {
        var fields = chunks.Select((text, i) => new KeyValuePair<string, RedisValue>(i.ToString(System.Globalization.CultureInfo.InvariantCulture), text)).ToList();
        await Redis.HashSetAsync(Keys.Chunks(fileId), fields, cancellationToken);
    }

    /// <summary>Publishes <paramref name="request"/> to <paramref name="stream"/> with a new correlation id and returns the response of <paramref name="responseType"/>.</summary>
    public async Task<EventEnvelope> RequestAsync<T>(string stream, T request, string responseType, string userId, CancellationToken cancellationToken)
        where T : class
    {
        var correlationId = Ulid.NewUlid();
        var response = Requester.WaitForEventAsync(FleetStreams.Ai, responseType, correlationId, Fleet.Testing.Eventually.DefaultLimit, cancellationToken);
        await Publisher.PublishAsync(stream, request, new PublishOptions { CorrelationId = correlationId, UserId = userId }, cancellationToken);
        var envelope = await response;
        Assert.Equal(correlationId, envelope.CorrelationId);
        return envelope;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        await Redis.DisposeAsync();
    }
}
