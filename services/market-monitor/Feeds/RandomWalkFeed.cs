namespace Fleet.MarketMonitor.Feeds;

/// <summary>
/// A synthetic feed for load: a geometric random walk per symbol, one tick per step in turn over the symbols. Step
/// <c>n</c>'s draws come from a hash of (seed, n), so the walk is a function of the seed, the position and the last
/// prices, all of which the checkpoint keeps: a resumed walk goes on with the same prices it would have had. Each
/// symbol's drift swings slowly up and down, so trends start and end. Times are the wall clock: the step's due time at
/// <c>TicksPerSecond</c>, or the time it was made when the rate is 0.
/// </summary>
internal sealed class RandomWalkFeed : ITickFeed
{
    private readonly SymbolWalk[] _walks;
    private readonly long _seed;
    private readonly double _ticksPerSecond;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, decimal> _prices;
    private readonly long _firstStep;
    private readonly DateTimeOffset _anchor;
    private long _position;

    public RandomWalkFeed(IReadOnlyList<string> symbols, long seed, double ticksPerSecond, TimeProvider time, long position, IReadOnlyDictionary<string, decimal> prices)
    {
        ArgumentOutOfRangeException.ThrowIfZero(symbols.Count);
        _seed = seed;
        _walks = [.. symbols.Select(symbol => SymbolWalk.Of(seed, symbol))];
        _ticksPerSecond = ticksPerSecond;
        _time = time;
        _position = position;
        _firstStep = position;
        _prices = new Dictionary<string, decimal>(prices, StringComparer.Ordinal);
        _anchor = time.GetUtcNow();
    }

    /// <summary>Where a symbol's walk starts: between 20 and 500, fixed by the seed and the symbol.</summary>
    public static decimal StartPrice(long seed, string symbol) =>
        decimal.Round(20m + (decimal)(WalkRandom.Uniform(seed, WalkRandom.Hash(symbol), 0) * 480), 2);

    public bool TryRead(out FeedRow row)
    {
        var step = _position;
        var (symbol, sigma, phase) = _walks[(int)(step % _walks.Length)];
        var previous = _prices.TryGetValue(symbol, out var kept) ? kept : StartPrice(_seed, symbol);
        var cycle = (double)(step / _walks.Length) / 1_000;
        var drift = sigma / 3 * Math.Sin((2 * Math.PI * cycle) + phase);
        var z = WalkRandom.Normal(_seed, step);
        var price = decimal.Round((decimal)((double)previous * Math.Exp(drift + (sigma * z))), 2);
        price = Math.Max(price, 0.01m);
        var volume = (decimal)Math.Floor(1 + (WalkRandom.Uniform(_seed, step, 3) * 999));
        _prices[symbol] = price;

        var due = _ticksPerSecond == 0
            ? DateTimeOffset.MinValue
            : _anchor + TimeSpan.FromTicks((long)((step - _firstStep) * TimeSpan.TicksPerSecond / _ticksPerSecond));
        var time = _ticksPerSecond == 0 ? _time.GetUtcNow() : due;
        _position = step + 1;
        row = new FeedRow(_position, 0, _position, symbol, price, volume, time, null, due);
        return true;
    }

    public void Dispose()
    {
        // Nothing held: the walk is computed.
    }

    /// <summary>
    /// A symbol's fixed walk parameters, drawn once from the seed and the symbol: volatility per tick between 0.05 % and
    /// 0.25 %, and the phase of a drift of up to a third of it that swings with a period of some thousand of the
    /// symbol's ticks, so the averages cross and RSI reaches its extremes.
    /// </summary>
    private readonly record struct SymbolWalk(string Symbol, double Sigma, double Phase)
    {
        public static SymbolWalk Of(long seed, string symbol)
        {
            var hash = WalkRandom.Hash(symbol);
            return new(symbol, 0.0005 + (0.002 * WalkRandom.Uniform(seed, hash, 1)), 2 * Math.PI * WalkRandom.Uniform(seed, hash, 2));
        }
    }
}
