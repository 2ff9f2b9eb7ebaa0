using Fleet.Contracts;

namespace Fleet.MarketMonitor.Feeds;

/// <summary>
/// The collector's input rules: a row becomes a tick with the symbol's next sequence number, or is refused with one of
/// <see cref="RejectReasons"/>. A huge jump is not refused here: it is a real tick the analysis flags.
/// </summary>
internal sealed class TickScreen(IEnumerable<string> symbols)
{
    private readonly HashSet<string> _symbols = new(symbols, StringComparer.Ordinal);

    /// <summary>Accepts <paramref name="row"/> into <paramref name="tick"/> and records it in <paramref name="state"/>, or returns why not.</summary>
    public string? Screen(in FeedRow row, FeedState state, out Tick tick)
    {
        tick = default;
        var reason = row switch
        {
            { Unparsable: not null } => RejectReasons.Unparsable,
            _ when !_symbols.Contains(row.Symbol) => RejectReasons.UnknownSymbol,
            { Price: <= 0 } => RejectReasons.BadPrice,
            { Volume: < 0 } => RejectReasons.NegativeVolume,
            _ when state.LastTimes.TryGetValue(row.Symbol, out var last) && row.Time < last => RejectReasons.TimeBackwards,
            _ => null,
        };
        if (reason is not null)
        {
            return reason;
        }

        var sequence = state.Sequences.GetValueOrDefault(row.Symbol) + 1;
        state.Sequences[row.Symbol] = sequence;
        state.LastTimes[row.Symbol] = row.Time;
        tick = new Tick(row.Symbol, row.Price, row.Volume, row.Time, sequence);
        return null;
    }

    /// <summary>The event of an accepted tick, carrying the term's fencing token.</summary>
    public static MarketDataCollected ToEvent(in Tick tick, long fencingToken) =>
        new(tick.Symbol, tick.Price, tick.Volume, tick.Time, tick.Sequence, fencingToken);
}
