using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Analysis;
using Fleet.MarketMonitor.Handlers;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NUlid;

namespace Fleet.MarketMonitor.Tests.Analysis;

/// <summary>
/// One market-monitor replica's analysis: the two consumer groups and handlers as Program.cs registers them (without the
/// collector), in a Generic Host on a real Redis. Replicas of one test share a key prefix.
/// </summary>
internal sealed class MarketHost : IAsyncDisposable
{
    public const string Group = "market-monitor";

    private readonly IHost _host;

    private MarketHost(IHost host, RedisClient redis)
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

    public static string NewPrefix() => "market-test-" + Guid.NewGuid().ToString("N")[..12] + ":";

    /// <summary>
    /// Starts a replica. <paramref name="publisher"/> wraps the real publisher (a test's fault injection) for the
    /// handlers' publishes; <paramref name="concurrency"/> replaces Program.cs's handlers at once.
    /// </summary>
    public static async Task<MarketHost> StartAsync(
        string redisUrl, string prefix, string instance, IReadOnlyList<string> symbols, Func<IEventPublisher, IEventPublisher>? publisher = null, int? concurrency = null, IReadOnlyDictionary<string, string?>? analysis = null)
    {
        var redis = await RedisClient.ConnectAsync(redisUrl, TestContext.Current.CancellationToken);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(redis);
        builder.Services.AddFleetEvents(o =>
            {
                o.KeyPrefix = prefix;
                o.InstanceName = instance;
            })
            .UseRedis(redis)
            .AddFleetContracts()
            .AddConsumerGroup(FleetStreams.Market, Group, group => group
                .HandleBatch<MarketDataCollected, MarketDataCollectedHandler>()
                .Configure(o =>
                {
                    TickGroup.Configure(o);
                    Quick(o);
                    o.Concurrency = concurrency ?? o.Concurrency;
                }))
            .AddConsumerGroup(FleetStreams.User, Group, group => group
                .Handle<PriceAlertSubscribed, PriceAlertSubscribedHandler>(partitionKey: e => e.AlertId)
                .Handle<PriceAlertUnsubscribed, PriceAlertUnsubscribedHandler>(partitionKey: e => e.AlertId)
                .Configure(Quick));
        builder.Services.AddOptions<MarketMonitorOptions>().Configure(o => o.Symbols.AddRange(symbols));
        builder.Services.AddMarketAnalysis(new ConfigurationBuilder().AddInMemoryCollection(analysis ?? new Dictionary<string, string?>()).Build());
        if (publisher is not null)
        {
            builder.Services.AddSingleton(sp => new ResultPublisher(
                publisher(sp.GetRequiredService<IEventPublisher>()), sp.GetRequiredService<MarketAnalyzer>(), sp.GetRequiredService<ILogger<ResultPublisher>>()));
        }

        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new MarketHost(host, redis);
    }

    /// <summary>XADDs an envelope written by hand (DESIGN.md section 3): no validation, the test chooses the event id.</summary>
    public async Task<(Ulid EventId, RedisStreamId EntryId)> AddAsync<T>(string stream, string type, T data, JsonTypeInfo<T> contract, Ulid? eventId = null)
    {
        var envelope = new EventEnvelope
        {
            Id = eventId ?? Ulid.NewUlid(),
            Type = type,
            Version = 1,
            Timestamp = DateTimeOffset.UtcNow,
            Data = JsonSerializer.SerializeToUtf8Bytes(data, contract),
        };
        var entryId = await Redis.XAddAsync(Keys.Stream(stream), EnvelopeCodec.Encode(envelope), cancellationToken: TestContext.Current.CancellationToken);
        return (envelope.Id, entryId!.Value);
    }

    /// <summary>The envelopes of <paramref name="type"/> on <paramref name="stream"/>, in stream order.</summary>
    public async Task<IReadOnlyList<EventEnvelope>> EnvelopesAsync(string stream, string type)
    {
        var entries = await Redis.XRangeAsync(Keys.Stream(stream), cancellationToken: TestContext.Current.CancellationToken);
        return [.. entries.Select(entry => EnvelopeCodec.Decode(entry.Fields)).Where(envelope => envelope.Type == type)];
    }

    /// <summary>Waits until the group read past <paramref name="published"/> on <paramref name="stream"/> and has nothing pending.</summary>
    public Task WaitHandledAsync(string stream, RedisStreamId? published)
    {
        var entryId = published ?? throw new ArgumentException("The event was spooled to the outbox, not appended.", nameof(published));
        return Eventually.TrueAsync(
            async () =>
            {
                var groups = await Redis.XInfoGroupsAsync(Keys.Stream(stream), TestContext.Current.CancellationToken);
                return groups.Any(g => g.Name == Group && g.LastDeliveredId.CompareTo(entryId) >= 0 && g.Pending == 0);
            },
            $"group {Group} acknowledged {entryId} on {stream}");
    }

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
