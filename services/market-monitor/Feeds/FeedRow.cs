namespace Fleet.MarketMonitor.Feeds;

/// <summary>
/// One row read from a feed, before the <see cref="TickScreen"/> accepts or refuses it. A row that could not be read
/// carries <see cref="Unparsable"/> and default values.
/// </summary>
/// <param name="Line">Where it came from: the CSV line number (the header is line 1), or the random walk's step (from 1).</param>
/// <param name="Lap">The CSV lap this row belongs to (0 unless the feed loops); always 0 for the random walk.</param>
/// <param name="Position">Rows of this lap read up to and including this one: where the feed resumes after it.</param>
/// <param name="Symbol">The symbol as written, trimmed.</param>
/// <param name="Price">The price.</param>
/// <param name="Volume">The volume.</param>
/// <param name="Time">The market time (shifted by the lap for a looping CSV).</param>
/// <param name="Unparsable">Why the row could not be read, or null.</param>
/// <param name="DueAt">The wall-clock time the row is due by the feed's pacing; <see cref="DateTimeOffset.MinValue"/> when unpaced.</param>
internal readonly record struct FeedRow(
    long Line,
    int Lap,
    long Position,
    string Symbol,
    decimal Price,
    decimal Volume,
    DateTimeOffset Time,
    string? Unparsable,
    DateTimeOffset DueAt);
