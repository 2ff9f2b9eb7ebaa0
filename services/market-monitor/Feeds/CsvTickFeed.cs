using System.Globalization;
using nietras.SeparatedValues;

namespace Fleet.MarketMonitor.Feeds;

/// <summary>
/// Replays a CSV of ticks (header <c>time,symbol,price,volume</c>, any column order, more columns ignored) row by row with
/// Sep, streaming: the file is never read whole. Rows are paced by <see cref="CsvPacing"/>; a looping feed starts over at
/// the end with the times shifted by <see cref="LapShift"/> per lap so they keep growing.
/// </summary>
internal sealed class CsvTickFeed : ITickFeed
{
    /// <summary>The columns a tick file must have.</summary>
    public static readonly IReadOnlyList<string> Columns = ["time", "symbol", "price", "volume"];

    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite
        | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private const DateTimeStyles TimeStyle = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    private readonly string _path;
    private readonly bool _loop;
    private readonly CsvPacing _pacing;
    private readonly TimeSpan _lapShift;
    private SepReader _reader;
    private ColumnIndexes _columns;
    private int _lap;
    private long _position;

    /// <summary>Opens <paramref name="path"/> at lap <paramref name="lap"/>, skipping the <paramref name="position"/> rows already consumed.</summary>
    public CsvTickFeed(string path, bool loop, CsvPacing pacing, int lap = 0, long position = 0)
    {
        _path = path;
        _loop = loop;
        _pacing = pacing;
        _lap = loop ? lap : 0;
        _lapShift = loop ? LapShift(path) : TimeSpan.Zero;
        (_reader, _columns) = Open(path);

        // Re-reading the rows before the checkpoint costs a parse of each: the price of never keeping a byte offset
        // that a rewritten file would make wrong.
        while (_position < position && _reader.MoveNext())
        {
            _position++;
        }
    }

    /// <summary>How far a looping feed shifts each lap: the file's span in whole weeks, so weekdays and times of day stay.</summary>
    public TimeSpan Shift => _lapShift;

    /// <summary>Why the file at <paramref name="path"/> cannot be replayed (no header, a missing column), or null when it can.</summary>
    public static string? CheckHeader(string path)
    {
        try
        {
            var (reader, _) = Open(path);
            reader.Dispose();
            return null;
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }

    public bool TryRead(out FeedRow row)
    {
        if (!_reader.MoveNext())
        {
            if (!_loop || _position == 0)
            {
                row = default;
                return false;
            }

            _reader.Dispose();
            (_reader, _columns) = Open(_path);
            _lap++;
            _position = 0;
            if (!_reader.MoveNext())
            {
                row = default;
                return false;
            }
        }

        _position++;
        row = Parse(_reader.Current);
        return true;
    }

    public void Dispose() => _reader.Dispose();

    private FeedRow Parse(SepReader.Row current)
    {
        var line = current.LineNumberFrom;
        if (current.ColCount <= _columns.Max)
        {
            return Unreadable(line, $"{current.ColCount} column(s), {Columns.Count} expected");
        }

        if (!DateTimeOffset.TryParse(current[_columns.Time].Span, CultureInfo.InvariantCulture, TimeStyle, out var time))
        {
            return Unreadable(line, "time is not an ISO 8601 date and time");
        }

        if (!decimal.TryParse(current[_columns.Price].Span, DecimalStyle, CultureInfo.InvariantCulture, out var price))
        {
            return Unreadable(line, "price is not a number");
        }

        if (!decimal.TryParse(current[_columns.Volume].Span, DecimalStyle, CultureInfo.InvariantCulture, out var volume))
        {
            return Unreadable(line, "volume is not a number");
        }

        time += _lapShift * _lap;
        return new FeedRow(line, _lap, _position, current[_columns.Symbol].Span.Trim().ToString(), price, volume, time, null, _pacing.DueAt(time));
    }

    private FeedRow Unreadable(long line, string problem) =>
        new(line, _lap, _position, string.Empty, 0, 0, default, problem, _pacing.DueAt(null));

    private static (SepReader Reader, ColumnIndexes Columns) Open(string path)
    {
        // The column count is checked per row here (a short row is refused, not a reason to stop the feed).
        var reader = Sep.Reader(o => o with { DisableColCountCheck = true, Unescape = true }).FromFile(path);
        try
        {
            var header = reader.Header;
            var indexes = new int[Columns.Count];
            for (var i = 0; i < Columns.Count; i++)
            {
                if (!header.TryIndexOf(Columns[i], out indexes[i]))
                {
                    throw new InvalidDataException($"{path} has no '{Columns[i]}' column: its first line must be a header naming {string.Join(',', Columns)}.");
                }
            }

            return (reader, new ColumnIndexes(indexes[0], indexes[1], indexes[2], indexes[3]));
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private static TimeSpan LapShift(string path)
    {
        DateTimeOffset? first = null;
        DateTimeOffset? last = null;
        var (reader, columns) = Open(path);
        using (reader)
        {
            foreach (var row in reader)
            {
                if (row.ColCount > columns.Time
                    && DateTimeOffset.TryParse(row[columns.Time].Span, CultureInfo.InvariantCulture, TimeStyle, out var time))
                {
                    first = first is null || time < first ? time : first;
                    last = last is null || time > last ? time : last;
                }
            }
        }

        var days = first is null ? 0 : (last!.Value.UtcDateTime.Date - first.Value.UtcDateTime.Date).Days + 1;
        return TimeSpan.FromDays(7 * Math.Max(1, (days + 6) / 7));
    }

    private readonly record struct ColumnIndexes(int Time, int Symbol, int Price, int Volume)
    {
        public int Max => Math.Max(Math.Max(Time, Symbol), Math.Max(Price, Volume));
    }
}
