using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.Notifier.Handlers;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NUlid;

namespace Fleet.Notifier.Tests.Support;

/// <summary>
/// notifier's two consumer groups and handlers, as Program.cs registers them, in a Generic Host on a real Redis, under a
/// key prefix of its own (so tests run in parallel on one server).
/// </summary>
internal sealed class NotifierHost : IAsyncDisposable
{
    public const string Group = "notifier";

    private readonly IHost _host;

    private NotifierHost(IHost host, RedisClient redis)
    {
        _host = host;
        Redis = redis;
        Keys = host.Services.GetRequiredService<StreamKeys>();
        Contracts = host.Services.GetRequiredService<ContractKeys>();
    }

    public RedisClient Redis { get; }

    public StreamKeys Keys { get; }

    public ContractKeys Contracts { get; }

    public IEventPublisher Publisher => _host.Services.GetRequiredService<IEventPublisher>();

    public static async Task<NotifierHost> StartAsync(string redisUrl, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var redis = await RedisClient.ConnectAsync(redisUrl, TestContext.Current.CancellationToken);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(redis);
        builder.Services.AddFleetEvents(o =>
            {
                o.KeyPrefix = "notifier-test-" + Guid.NewGuid().ToString("N")[..12] + ":";
                o.InstanceName = "notifier-1";
            })
            .UseRedis(redis)
            .AddFleetContracts()
            .AddConsumerGroup(FleetStreams.User, Group, group => group
                .Handle<UserPreferencesUpdated, PreferencesUpdatedHandler>(partitionKey: e => e.UserId)
                .Configure(Quick))
            .AddConsumerGroup(FleetStreams.Notification, Group, group => group
                .Handle<NotificationRequested, NotificationRequestedHandler>(partitionKey: e => e.UserId)
                .Configure(o =>
                {
                    Quick(o);
                    o.ProcessingTimeout = NotifierOptions.HandlerBudget;
                }));
        builder.Services.AddNotifier(NotifierServices.Configuration(settings));
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new NotifierHost(host, redis);
    }

    /// <summary>XADDs an envelope written by hand (DESIGN.md section 3), so the test chooses its id, timestamp and causation.</summary>
    public async Task<(Ulid EventId, RedisStreamId EntryId)> AddAsync<T>(
        string stream, string type, T data, JsonTypeInfo<T> contract, DateTimeOffset? timestamp = null, Ulid? causationId = null, Ulid? eventId = null)
    {
        var envelope = new EventEnvelope
        {
            Id = eventId ?? Ulid.NewUlid(),
            Type = type,
            Version = 1,
            Timestamp = timestamp ?? DateTimeOffset.UtcNow,
            CausationId = causationId,
            Data = JsonSerializer.SerializeToUtf8Bytes(data, contract),
        };
        var entryId = await Redis.XAddAsync(Keys.Stream(stream), EnvelopeCodec.Encode(envelope), cancellationToken: TestContext.Current.CancellationToken);
        return (envelope.Id, entryId!.Value);
    }

    /// <summary>The events of <paramref name="type"/> on <paramref name="stream"/>, decoded.</summary>
    public async Task<IReadOnlyList<T>> EventsAsync<T>(string stream, string type, JsonTypeInfo<T> contract)
    {
        var entries = await Redis.XRangeAsync(Keys.Stream(stream), cancellationToken: TestContext.Current.CancellationToken);
        return [.. entries
            .Select(entry => EnvelopeCodec.Decode(entry.Fields))
            .Where(envelope => envelope.Type == type)
            .Select(envelope => JsonSerializer.Deserialize(envelope.Data.Span, contract)!)];
    }

    /// <summary>Waits until the group read past <paramref name="entryId"/> on <paramref name="stream"/> and has nothing pending.</summary>
    public Task WaitHandledAsync(string stream, RedisStreamId entryId) =>
        Eventually.TrueAsync(
            async () =>
            {
                var groups = await Redis.XInfoGroupsAsync(Keys.Stream(stream), TestContext.Current.CancellationToken);
                return groups.Any(g => g.Name == Group && g.LastDeliveredId.CompareTo(entryId) >= 0 && g.Pending == 0);
            },
            $"group {Group} acknowledged {entryId} on {stream}");

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        await ((IAsyncDisposable)_host).DisposeAsync();
        await Redis.DisposeAsync();
    }

    private static void Quick(ConsumerGroupOptions options)
    {
        options.BlockTimeout = TimeSpan.FromMilliseconds(500);
        options.ShutdownTimeout = TimeSpan.FromSeconds(2);
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
    }
}
