using System.Collections.Frozen;
using System.Globalization;
using Fleet.Contracts;
using Fleet.Redis;
using Microsoft.Extensions.Options;
using NUlid;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// Runs <see cref="TickScript"/> for a batch of one symbol's ticks or a sweep (one EVALSHA: the only Redis round trip
/// of a batch without results) and confirms published results (HDEL). Knows the configured symbols: their keys and
/// channels are built once.
/// </summary>
internal sealed class MarketAnalyzer
{
    /// <summary>The script's arguments before the ticks (its header lists them); five more per tick.</summary>
    private const int Fixed = 12;
    private const int PerTick = 5;

    private static readonly AnalysisResult[] NoResults = [];
    private static readonly TickStatus[] NoStatuses = [];

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
        // ARGV 2..10; the same for every call.
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
    public async ValueTask<TickOutcome> ApplyAsync(MarketDataCollected tick, Ulid eventId, CancellationToken cancellationToken)
    {
        var outcome = await ApplyAsync(tick.Symbol, [new TickDelivery(tick, eventId)], cancellationToken).ConfigureAwait(false);
        return new TickOutcome(outcome.Statuses[0], outcome.Applied, outcome.NextSequence, outcome.Results);
    }

    /// <summary>
    /// Applies (or buffers, or recognises as duplicates) ticks of the known <paramref name="symbol"/>, in any order, in
    /// one script call: the script sorts them by sequence number.
    /// </summary>
    public ValueTask<TickBatchOutcome> ApplyAsync(string symbol, IReadOnlyList<TickDelivery> ticks, CancellationToken cancellationToken)
    {
        var slot = _symbols[symbol];
        var arguments = Arguments(slot, ticks.Count);
        for (var i = 0; i < ticks.Count; i++)
        {
            var (tick, eventId) = ticks[i];
            if (!string.Equals(tick.Symbol, symbol, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Tick {tick.Sequence} is of {tick.Symbol}, not {symbol}.", nameof(ticks));
            }

            var at = Fixed + (i * PerTick);
            arguments[at] = tick.Sequence;
            arguments[at + 1] = tick.Price.ToString(CultureInfo.InvariantCulture);
            arguments[at + 2] = tick.Time.ToUnixTimeMilliseconds();
            arguments[at + 3] = ResultCodec.FormatTime(tick.Time);
            arguments[at + 4] = eventId.ToString();
        }

        return RunAsync(slot, arguments, cancellationToken);
    }

    /// <summary>Skips the symbol's gaps that waited past the timeout and takes over results whose lease ran out.</summary>
    public async ValueTask<TickOutcome> SweepAsync(string symbol, CancellationToken cancellationToken)
    {
        var slot = _symbols[symbol];
        var outcome = await RunAsync(slot, Arguments(slot, 0), cancellationToken).ConfigureAwait(false);
        return new TickOutcome(TickStatus.Swept, outcome.Applied, outcome.NextSequence, outcome.Results);
    }

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

    /// <summary>
    /// Gives up this replica's lease on <paramref name="results"/> it could not publish: the next run of the symbol's
    /// script (the failed ticks' retry, any other batch, the sweep) hands them back at once instead of after
    /// <see cref="AnalysisOptions.ResultLease"/>. Results confirmed meanwhile are left alone.
    /// </summary>
    public async ValueTask ReleaseAsync(string symbol, IReadOnlyList<AnalysisResult> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return;
        }

        var ids = new RedisValue[results.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = results[i].Id;
        }

        await _redis.EvaluateAsync(TickScript.ReleaseScript, [_symbols[symbol].Keys[0]], ids, cancellationToken).ConfigureAwait(false);
    }

    private RedisValue[] Arguments(SymbolSlot slot, int ticks)
    {
        var arguments = new RedisValue[Fixed + (ticks * PerTick)];
        arguments[0] = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _settings.CopyTo(arguments, 1);
        arguments[10] = slot.Symbol;
        arguments[11] = slot.Channel;
        return arguments;
    }

    private async ValueTask<TickBatchOutcome> RunAsync(SymbolSlot slot, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        var reply = await _redis.EvaluateAsync(TickScript.Script, slot.Keys, arguments, cancellationToken).ConfigureAwait(false);
        return Read(slot.Symbol, reply);
    }

    private static TickBatchOutcome Read(string symbol, RedisResult reply)
    {
        var applied = (int)reply[0].ToInt64();
        var next = reply[1].ToInt64();
        var ticks = (int)reply[2].ToInt64();
        var statuses = ticks == 0 ? NoStatuses : new TickStatus[ticks];
        for (var i = 0; i < ticks; i++)
        {
            statuses[i] = (TickStatus)reply[3 + i].ToInt64();
        }

        var first = 3 + ticks;
        var count = (reply.Elements.Count - first) / 2;
        if (count == 0)
        {
            return new TickBatchOutcome(statuses, applied, next, NoResults);
        }

        var results = new AnalysisResult[count];
        for (var i = 0; i < count; i++)
        {
            results[i] = ResultCodec.Decode(symbol, reply[first + (2 * i)].ToString(), reply[first + 1 + (2 * i)].ToString());
        }

        return new TickBatchOutcome(statuses, applied, next, results);
    }

    private sealed record SymbolSlot(string[] Keys, string Symbol, string Channel);
}
