using System.Collections.Frozen;
using System.Globalization;
using Fleet.Contracts;
using Fleet.Redis;
using Microsoft.Extensions.Options;
using NUlid;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// Runs <see cref="TickScript"/> for a tick or a sweep (one EVALSHA: the only Redis round trip of a tick without
/// results) and confirms published results (HDEL). Knows the configured symbols: their keys and channels are built once.
/// </summary>
internal sealed class MarketAnalyzer
{
    private static readonly AnalysisResult[] NoResults = [];

    private readonly RedisClient _redis;
    private readonly TimeProvider _time;
    private readonly FrozenDictionary<string, SymbolSlot> _symbols;
    private readonly RedisValue[] _settings;

    public MarketAnalyzer(RedisClient redis, ContractKeys keys, IOptions<MarketMonitorOptions> monitor, IOptions<AnalysisOptions> options, TimeProvider time)
    {
        _redis = redis;
        _time = time;
        var o = options.Value;
        _symbols = monitor.Value.Symbols.ToFrozenDictionary(
            s => s, s => new SymbolSlot([keys.MarketState(s), keys.PriceAlerts(s)], s, ContractKeys.PriceChannel(s)), StringComparer.Ordinal);
        // ARGV 7..15 (the script's header lists them); the same for every tick.
        _settings =
        [
            o.ShortWindow, o.LongWindow, o.RsiPeriod, o.MaxJumpPercent, o.MaxBufferedTicks,
            (long)o.GapTimeout.TotalMilliseconds, (long)o.ResultLease.TotalMilliseconds, o.RsiOverbought, o.RsiOversold,
        ];
    }

    /// <summary>The configured symbols.</summary>
    public IEnumerable<string> Symbols => _symbols.Keys;

    /// <summary>Whether <paramref name="symbol"/> is one of MarketMonitor:Symbols.</summary>
    public bool IsKnown(string symbol) => _symbols.ContainsKey(symbol);

    /// <summary>Applies (or buffers, or recognises as a duplicate) one tick of a known symbol.</summary>
    public ValueTask<TickOutcome> ApplyAsync(MarketDataCollected tick, Ulid eventId, CancellationToken cancellationToken)
    {
        var slot = _symbols[tick.Symbol];
        return RunAsync(
            slot,
            tick.Sequence,
            tick.Price.ToString(CultureInfo.InvariantCulture),
            tick.Time.ToUnixTimeMilliseconds(),
            ResultCodec.FormatTime(tick.Time),
            eventId.ToString(),
            cancellationToken);
    }

    /// <summary>Skips the symbol's gaps that waited past the timeout and takes over results whose lease ran out.</summary>
    public ValueTask<TickOutcome> SweepAsync(string symbol, CancellationToken cancellationToken) =>
        RunAsync(_symbols[symbol], TickScript.Swept, string.Empty, 0, string.Empty, string.Empty, cancellationToken);

    /// <summary>Forgets published results (HDEL of their fields): nobody publishes them again.</summary>
    public async ValueTask ConfirmAsync(string symbol, IReadOnlyList<AnalysisResult> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return;
        }

        var fields = new string[results.Count * 2];
        for (var i = 0; i < results.Count; i++)
        {
            fields[2 * i] = TickScript.ResultField + results[i].Id;
            fields[(2 * i) + 1] = TickScript.LeaseField + results[i].Id;
        }

        await _redis.HashDeleteAsync(_symbols[symbol].Keys[0], fields, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<TickOutcome> RunAsync(
        SymbolSlot slot, long sequence, string price, long timeMs, string time, string eventId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        RedisValue[] arguments =
        [
            sequence, price, timeMs, time, eventId, now,
            _settings[0], _settings[1], _settings[2], _settings[3], _settings[4], _settings[5], _settings[6], _settings[7], _settings[8],
            slot.Symbol, slot.Channel,
        ];
        var reply = await _redis.EvaluateAsync(TickScript.Script, slot.Keys, arguments, cancellationToken).ConfigureAwait(false);
        return Read(slot.Symbol, reply);
    }

    private static TickOutcome Read(string symbol, RedisResult reply)
    {
        var status = (TickStatus)reply[0].ToInt64();
        var applied = (int)reply[1].ToInt64();
        var next = reply[2].ToInt64();
        var count = (reply.Elements.Count - 3) / 2;
        if (count == 0)
        {
            return new TickOutcome(status, applied, next, NoResults);
        }

        var results = new AnalysisResult[count];
        for (var i = 0; i < count; i++)
        {
            results[i] = ResultCodec.Decode(symbol, reply[3 + (2 * i)].ToString(), reply[4 + (2 * i)].ToString());
        }

        return new TickOutcome(status, applied, next, results);
    }

    private sealed record SymbolSlot(string[] Keys, string Symbol, string Channel);
}
