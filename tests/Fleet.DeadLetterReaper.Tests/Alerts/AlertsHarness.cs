using System.Text.Json;
using Fleet.DeadLetterReaper.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.DeadLetterReaper.Tests.Alerts;

/// <summary>
/// One replica's alert evaluator as AddAlertEvaluation registers it, on a real Redis under a key prefix of the test's
/// own, with a <see cref="FakeTimeProvider"/> as the reaper's clock. Two harnesses on one prefix are two replicas; <see cref="LeadAsync"/> hands
/// the lease to a term of the test's choosing (the value a LeaderService would SET), so a test decides who leads.
/// </summary>
internal sealed class AlertsHarness : IAsyncDisposable
{
    private static readonly FleetContractsJsonContext Json = FleetContractsJsonContext.Default;

    private readonly ServiceProvider _services;

    private AlertsHarness(ServiceProvider services, RedisClient redis, FakeTimeProvider time, string prefix)
    {
        _services = services;
        Redis = redis;
        Time = time;
        Prefix = prefix;
        Keys = services.GetRequiredService<StreamKeys>();
        Evaluator = services.GetRequiredService<AlertEvaluator>();
        Store = services.GetRequiredService<AlertStore>();
        Publisher = services.GetRequiredService<IEventPublisher>();
    }

    public RedisClient Redis { get; }

    public FakeTimeProvider Time { get; }

    public string Prefix { get; }

    public StreamKeys Keys { get; }

    public AlertEvaluator Evaluator { get; }

    public AlertStore Store { get; }

    public IEventPublisher Publisher { get; }

    public IServiceProvider Services => _services;

    public string LeaseKey => Keys.Leader(FleetStreams.System, AlertEvaluator.LeaseName);

    /// <summary>A replica under <paramref name="prefix"/> (a new one when null), with <paramref name="settings"/> as its <c>Alerts</c> configuration.</summary>
    public static async Task<AlertsHarness> StartAsync(string redisUrl, IReadOnlyDictionary<string, string?>? settings = null, string? prefix = null)
    {
        prefix ??= "alerts-test-" + Guid.NewGuid().ToString("N")[..12] + ":";
        var redis = await RedisClient.ConnectAsync(redisUrl, TestContext.Current.CancellationToken);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.ClearProviders());
        services.AddKeyedSingleton<TimeProvider>(ReaperClock.Key, time);
        services.AddSingleton(redis);
        services.AddFleetEvents(o =>
            {
                o.KeyPrefix = prefix;
                o.InstanceName = "reaper-" + Guid.NewGuid().ToString("N")[..6];
            })
            .UseRedis(redis)
            .AddFleetContracts();
        services.AddAlertEvaluation(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        return new AlertsHarness(services.BuildServiceProvider(validateScopes: true), redis, time, prefix);
    }

    /// <summary>Makes term <paramref name="token"/> the lease's holder (SET of the lease key) and returns its fence.</summary>
    public async Task<LeaderFence> LeadAsync(long token)
    {
        var value = $"reaper-{token}/{Guid.NewGuid():N}/{token}";
        await Redis.SetAsync(LeaseKey, value, cancellationToken: TestContext.Current.CancellationToken);
        return new LeaderFence(LeaseKey, value, token);
    }

    /// <summary>Evaluates <paramref name="times"/> times under <paramref name="fence"/>, the clock one interval on before each.</summary>
    public async Task<IReadOnlyList<AlertFigure>> EvaluateAsync(LeaderFence fence, int times = 1, TimeSpan? interval = null)
    {
        IReadOnlyList<AlertFigure> figures = [];
        for (var i = 0; i < times; i++)
        {
            Time.Advance(interval ?? TimeSpan.FromSeconds(15));
            figures = await Evaluator.EvaluateAsync(fence, TestContext.Current.CancellationToken);
        }

        return figures;
    }

    /// <summary>The <c>system.alert.raised</c> events on system.events, with their envelopes.</summary>
    public Task<List<(EventEnvelope Envelope, SystemAlertRaised Data)>> RaisedAsync() => EventsAsync("system.alert.raised", Json.SystemAlertRaised);

    /// <summary>The <c>system.alert.resolved</c> events on system.events, with their envelopes.</summary>
    public Task<List<(EventEnvelope Envelope, SystemAlertResolved Data)>> ResolvedAsync() => EventsAsync("system.alert.resolved", Json.SystemAlertResolved);

    /// <summary>The raised set in Redis.</summary>
    public Task<Dictionary<string, AlertRecord>> AlertsAsync() => Store.ReadAsync(TestContext.Current.CancellationToken);

    /// <summary>XADDs <paramref name="count"/> entries of one field to <paramref name="key"/>.</summary>
    public async Task AddEntriesAsync(string key, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Redis.XAddAsync(key, [new StreamField("n", i)], cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Redis.DisposeAsync();
    }

    private async Task<List<(EventEnvelope, T)>> EventsAsync<T>(string type, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> contract)
    {
        var entries = await Redis.XRangeAsync(Keys.Stream(FleetStreams.System), cancellationToken: TestContext.Current.CancellationToken);
        return [.. entries
            .Select(entry => EnvelopeCodec.Decode(entry.Fields))
            .Where(envelope => envelope.Type == type)
            .Select(envelope => (envelope, JsonSerializer.Deserialize(envelope.Data.Span, contract)!))];
    }
}
