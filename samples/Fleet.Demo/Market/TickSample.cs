using System.Globalization;
using System.Text.RegularExpressions;
using Fleet.Contracts;

namespace Fleet.Demo.Market;

/// <summary>
/// The CSV market-monitor replays (samples/market/ticks.csv: <c>time,symbol,price,volume</c>), read by the driver to
/// choose a price alert threshold the replay crosses soon: the driver knows where the replay is (the last tick it saw)
/// and looks ahead in the same file. Rows the collector refuses (a price of zero or less, a negative volume, a time
/// before the symbol's last, unparsable) are left out, as the collector leaves them out; so are symbols with fewer
/// than 1 % of the rows, the sample's few rows of an unknown symbol (market-monitor refuses them: its Symbols setting).
/// </summary>
internal sealed class TickSample
{
    private static readonly Regex SymbolPattern = new(Ids.SymbolPattern, RegexOptions.CultureInvariant);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private readonly Dictionary<string, List<(DateTimeOffset Time, decimal Price)>> _rows;

    private TickSample(Dictionary<string, List<(DateTimeOffset Time, decimal Price)>> rows)
    {
        _rows = rows;
        Symbols = rows.ToDictionary(pair => pair.Key, pair => pair.Value.Count, StringComparer.Ordinal);
    }

    /// <summary>The symbols of the sample with their number of ticks.</summary>
    public IReadOnlyDictionary<string, int> Symbols { get; }

    public static TickSample Read(string path)
    {
        var rows = new Dictionary<string, List<(DateTimeOffset Time, decimal Price)>>(StringComparer.Ordinal);
        var total = 0;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            total++;
            // Plain numeric columns without quotes: a split is enough to follow the replay (the service parses with Sep).
            var cells = line.Split(',');
            if (cells.Length < 3
                || !DateTimeOffset.TryParse(cells[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                || !SymbolPattern.IsMatch(cells[1])
                || !decimal.TryParse(cells[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var price)
                || price <= 0
                || (cells.Length > 3 && decimal.TryParse(cells[3], NumberStyles.Number, CultureInfo.InvariantCulture, out var volume) && volume < 0))
            {
                continue;
            }

            if (!rows.TryGetValue(cells[1], out var list))
            {
                rows[cells[1]] = list = [];
            }

            if (list.Count == 0 || time >= list[^1].Time)
            {
                list.Add((time, price));
            }
        }

        return new TickSample(rows
            .Where(pair => pair.Value.Count * 100 >= total)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal));
    }

    /// <summary>
    /// A threshold the replay of <paramref name="symbol"/> crosses at least <paramref name="lead"/> ticks after the tick
    /// (<paramref name="time"/>, <paramref name="price"/>), with every tick between below it (above) or above it (below),
    /// so exactly that tick crosses it: the first new high or low of the replay from there. The replay's position is the
    /// row with that price whose time is the tick's time less whole weeks (a looping replay shifts times by weeks).
    /// Null when the tick is not found in the sample or no such crossing comes within one pass.
    /// </summary>
    public PlannedCrossing? FindCrossing(string symbol, DateTimeOffset time, decimal price, int lead)
    {
        if (!_rows.TryGetValue(symbol, out var rows) || rows.Count < 2)
        {
            return null;
        }

        var start = rows.FindIndex(row => row.Price == price && time >= row.Time && (time - row.Time).Ticks % Week.Ticks == 0);
        if (start < 0)
        {
            return null;
        }

        var high = price;
        var low = price;
        for (var ahead = 1; ahead < rows.Count; ahead++)
        {
            var next = rows[(start + ahead) % rows.Count].Price;
            if (ahead >= lead && next > high)
            {
                return new PlannedCrossing(symbol, PriceAlertDirection.Above, Between(high, next), price, next, ahead);
            }

            if (ahead >= lead && next < low)
            {
                // Mirrored: at or above the crossing tick's price and strictly below every price before it.
                return new PlannedCrossing(symbol, PriceAlertDirection.Below, -Between(-low, -next), price, next, ahead);
            }

            high = Math.Max(high, next);
            low = Math.Min(low, next);
        }

        return null;
    }

    // A round threshold strictly above `below` and at most `above` (the crossing tick's price may equal it).
    private static decimal Between(decimal below, decimal above)
    {
        for (var decimals = 2; decimals <= 8; decimals++)
        {
            var candidate = Math.Round((below + above) / 2, decimals, MidpointRounding.AwayFromZero);
            if (candidate > below && candidate <= above)
            {
                return candidate;
            }
        }

        return above;
    }
}
