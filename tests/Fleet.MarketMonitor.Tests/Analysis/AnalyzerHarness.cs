using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Analysis;
using Fleet.Redis;
using Microsoft.Extensions.Time.Testing;
using NUlid;

namespace Fleet.MarketMonitor.Tests.Analysis;

/// <summary>
/// <see cref="MarketAnalyzer"/>s on a real Redis under a key prefix of their own and a symbol of their own (the Pub/Sub
/// channel has no prefix), with a fake clock. Each <see cref="ReplicaAsync"/> is another replica: its own connection, the
/// same state.
/// </summary>
internal sealed class AnalyzerHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly string _url;
    private readonly List<RedisClient> _clients = [];

    private AnalyzerHarness(string url, string symbol, AnalysisOptions options)
    {
        _url = url;
        Symbol = symbol;
        Options = options;
        Contracts = new ContractKeys(new StreamKeys("analysis-test-" + Guid.NewGuid().ToString("N")[..12] + ":"));
    }

    public string Symbol { get; }

    public AnalysisOptions Options { get; }

    public ContractKeys Contracts { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public RedisClient Redis => _clients[0];

    public static async Task<AnalyzerHarness> StartAsync(string url, Action<AnalysisOptions>? configure = null, string? symbol = null)
    {
        var options = new AnalysisOptions();
        configure?.Invoke(options);
        var harness = new AnalyzerHarness(url, symbol ?? NewSymbol(), options);
        harness._clients.Add(await RedisClient.ConnectAsync(url, TestContext.Current.CancellationToken));
        return harness;
    }

    /// <summary>A symbol no other test uses, so its price.updated channel is this test's alone.</summary>
    public static string NewSymbol() => "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    public async Task<MarketAnalyzer> ReplicaAsync()
    {
        var client = await RedisClient.ConnectAsync(_url, TestContext.Current.CancellationToken);
        _clients.Add(client);
        return Analyzer(client);
    }

    public MarketAnalyzer Analyzer(RedisClient? client = null) => new(
        client ?? Redis,
        Contracts,
        Microsoft.Extensions.Options.Options.Create(new MarketMonitorOptions { Symbols = [Symbol] }),
        Microsoft.Extensions.Options.Options.Create(Options),
        Time);

    /// <summary>Tick <paramref name="sequence"/> at <c>Start + second</c>.</summary>
    public MarketDataCollected Tick(long sequence, decimal price, int? second = null) =>
        new(Symbol, price, 100, Start.AddSeconds(second ?? sequence), sequence, 1);

    /// <summary>A stable event id per sequence number, so two runs of one series are comparable.</summary>
    public static Ulid EventId(long sequence) => Ulid.Parse(string.Concat("01KBGM", sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture)));

    public static ValueTask<TickOutcome> ApplyAsync(MarketAnalyzer analyzer, MarketDataCollected tick) =>
        analyzer.ApplyAsync(tick, EventId(tick.Sequence), TestContext.Current.CancellationToken);

    /// <summary>Applies the prices as ticks 1, 2, 3, … and returns every result, in order.</summary>
    public async Task<List<AnalysisResult>> ApplySeriesAsync(MarketAnalyzer analyzer, IEnumerable<decimal> prices, long first = 1)
    {
        var results = new List<AnalysisResult>();
        var sequence = first;
        foreach (var price in prices)
        {
            var outcome = await ApplyAsync(analyzer, Tick(sequence++, price));
            results.AddRange(outcome.Results);
        }

        return results;
    }

    public async Task<Dictionary<string, string>> StateAsync()
    {
        var hash = await Redis.HashGetAllAsync(Contracts.MarketState(Symbol), TestContext.Current.CancellationToken);
        return hash.ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
