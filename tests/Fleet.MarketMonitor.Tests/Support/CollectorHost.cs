using System.Globalization;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Collector;
using Fleet.MarketMonitor.Feeds;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.MarketMonitor.Tests.Support;

/// <summary>
/// market-monitor's collector as Program.cs registers it (the real lease, <c>AddMarketCollector</c>, <c>AddMarketMonitor</c>)
/// in a Generic Host on a real Redis, under a key prefix a test shares between its hosts (replicas of one fleet).
/// </summary>
internal sealed class CollectorHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private CollectorHost(IHost host, RedisClient redis, LogCapture logs)
    {
        _host = host;
        Redis = redis;
        Logs = logs;
        Keys = host.Services.GetRequiredService<StreamKeys>();
        Contracts = host.Services.GetRequiredService<ContractKeys>();
    }

    public RedisClient Redis { get; }

    public LogCapture Logs { get; }

    public StreamKeys Keys { get; }

    public ContractKeys Contracts { get; }

    public string LeaseKey => Keys.Leader(FleetStreams.Market, TickCollector.LeaseName);

    /// <summary>A key prefix of the test's own.</summary>
    public static string NewPrefix() => "market-test-" + Guid.NewGuid().ToString("N")[..12] + ":";

    /// <summary>MarketMonitor:Collector settings to replay <paramref name="csvPath"/> at <paramref name="speed"/> in batches of <paramref name="batchSize"/>.</summary>
    public static Dictionary<string, string?> Csv(string csvPath, double speed, int batchSize) => new()
    {
        ["MarketMonitor:Collector:CsvPath"] = csvPath,
        ["MarketMonitor:Collector:Speed"] = speed.ToString(CultureInfo.InvariantCulture),
        ["MarketMonitor:Collector:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Starts a collector replica named <paramref name="instance"/> under <paramref name="prefix"/> with <paramref name="settings"/> (configuration keys).</summary>
    public static async Task<CollectorHost> StartAsync(string redisUrl, string prefix, string instance, IReadOnlyDictionary<string, string?> settings)
    {
        var redis = await RedisClient.ConnectAsync(redisUrl, TestContext.Current.CancellationToken);
        var logs = new LogCapture();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(redis);
        builder.Services.AddFleetEvents(o =>
            {
                o.KeyPrefix = prefix;
                o.InstanceName = instance;
            })
            .UseRedis(redis)
            .AddFleetContracts()
            .AddMarketCollector(builder.Configuration);
        builder.Services.AddMarketMonitor(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new CollectorHost(host, redis, logs);
    }

    /// <summary>The market.data.collected events on the stream, in stream order, with their envelope's fencing token metadata.</summary>
    public async Task<List<(MarketDataCollected Tick, string? FencingToken)>> CollectedAsync()
    {
        var entries = await Redis.XRangeAsync(Keys.Stream(FleetStreams.Market), cancellationToken: TestContext.Current.CancellationToken);
        return [.. entries
            .Select(entry => EnvelopeCodec.Decode(entry.Fields))
            .Where(envelope => envelope.Type == "market.data.collected")
            .Select(envelope => (
                JsonSerializer.Deserialize(envelope.Data.Span, FleetContractsJsonContext.Default.MarketDataCollected)!,
                envelope.Metadata?.GetValueOrDefault("fencing_token")))];
    }

    /// <summary>The checkpoint's state, or null before the first.</summary>
    public async Task<FeedState?> CheckpointAsync()
    {
        var value = await Redis.GetAsync(Contracts.CollectorCheckpoint, TestContext.Current.CancellationToken);
        return value.IsNull ? null : CollectorCheckpoint.Parse(value.ToString());
    }

    /// <summary>Waits until the checkpoint reached <paramref name="position"/> rows.</summary>
    public Task<FeedState?> WaitCheckpointAsync(long position) =>
        Eventually.UntilAsync(CheckpointAsync, state => state?.Position >= position, string.Create(CultureInfo.InvariantCulture, $"the checkpoint at position {position}"));

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await ((IAsyncDisposable)_host).DisposeAsync();
        await Redis.DisposeAsync();
    }
}
