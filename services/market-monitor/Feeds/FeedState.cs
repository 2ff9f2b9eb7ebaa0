namespace Fleet.MarketMonitor.Feeds;

/// <summary>
/// How far the collector got, and everything needed to go on from there: the body of the collector checkpoint
/// (JSON, docs/services/market-monitor.md "Checkpoint"). Changed only for rows the collector consumed, so a
/// checkpoint written after a publish names exactly the rows that were published or refused.
/// </summary>
internal sealed class FeedState
{
    /// <summary>The feed kind, <c>csv</c> or <c>random</c>.</summary>
    public string Feed { get; set; } = string.Empty;

    /// <summary>Which input of that kind: the configured CSV path, or the random walk's seed.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Completed laps of a looping CSV.</summary>
    public int Lap { get; set; }

    /// <summary>Rows of the current lap consumed (CSV data rows, refused ones included), or random walk steps taken.</summary>
    public long Position { get; set; }

    /// <summary>The last sequence number given per symbol; the next tick of the symbol gets one more.</summary>
    public Dictionary<string, long> Sequences { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The time of each symbol's last accepted tick: an earlier one is refused (time_backwards).</summary>
    public Dictionary<string, DateTimeOffset> LastTimes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The random walk's last price per symbol (empty for a CSV).</summary>
    public Dictionary<string, decimal> Prices { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The state to go on with for <paramref name="feed"/> / <paramref name="source"/>: this one when it is the same
    /// input; otherwise the start of the new input that keeps the sequence numbers, so the analysis, which drops a
    /// (symbol, sequence) it has seen, does not take the new input's ticks for duplicates.
    /// </summary>
    public FeedState ContinueWith(string feed, string source)
    {
        if (string.Equals(Feed, feed, StringComparison.Ordinal) && string.Equals(Source, source, StringComparison.Ordinal))
        {
            return this;
        }

        return new FeedState { Feed = feed, Source = source, Sequences = new(Sequences, StringComparer.Ordinal) };
    }

    /// <summary>Moves past <paramref name="row"/>; a random walk's price is kept whether or not the tick is accepted.</summary>
    public void Advance(in FeedRow row, bool keepPrice)
    {
        Lap = row.Lap;
        Position = row.Position;
        if (keepPrice)
        {
            Prices[row.Symbol] = row.Price;
        }
    }
}
