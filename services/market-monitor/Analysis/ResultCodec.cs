using System.Globalization;
using Fleet.Contracts;
using Fleet.MarketMonitor.PriceAlerts;
using NUlid;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>
/// Reads the results <see cref="TickScript"/> keeps in the state (fields separated by <c>|</c>, which no symbol, id,
/// number or timestamp contains):
/// <c>t|signal|direction|phase|price|short|long|rsi|change|time|sequence|event id</c> (a trend),
/// <c>a|reason|price|previous price|time|sequence|event id|skipped</c> (an anomaly),
/// <c>n|alert id|user id|direction|threshold|price|time|sequence|event id</c> (a price alert crossing).
/// </summary>
internal static class ResultCodec
{
    /// <summary>Computed figures are doubles in Lua; six decimals is finer than any price step and hides float noise.</summary>
    public const int Decimals = 6;

    /// <summary>Decodes one result; throws <see cref="FormatException"/> for a payload this version cannot read.</summary>
    public static AnalysisResult Decode(string symbol, string id, string payload)
    {
        var f = payload.Split('|');
        return f[0] switch
        {
            "t" when f.Length == 12 => new AnalysisResult(symbol, id, Ulid.Parse(f[11]))
            {
                Trend = new MarketTrendDetected(
                    symbol, f[1], f[2] == "up" ? TrendDirection.Up : TrendDirection.Down, f[3] == "started" ? TrendPhase.Started : TrendPhase.Ended,
                    Price(f[4]), Figure(f[5]), Figure(f[6]), f[7].Length == 0 ? null : Figure(f[7]), Figure(f[8]), Time(f[9]), Sequence(f[10])),
            },
            "a" when f.Length == 8 => new AnalysisResult(symbol, id, Ulid.Parse(f[6]))
            {
                Anomaly = new MarketAnomalyDetected(symbol, f[1], Price(f[2]), f[3].Length == 0 ? null : Price(f[3]), Time(f[4]), Sequence(f[5])),
                Skipped = f[7].Length == 0 ? null : f[7],
            },
            "n" when f.Length == 9 => new AnalysisResult(symbol, id, Ulid.Parse(f[8]))
            {
                Crossing = new PriceAlertCrossing(
                    f[1], f[2], symbol, f[3] == "above" ? PriceAlertDirection.Above : PriceAlertDirection.Below, Price(f[4]), Price(f[5]), Time(f[6]), Sequence(f[7])),
            },
            _ => throw new FormatException($"Result {symbol}/{id} has an unknown layout: '{payload}'."),
        };
    }

    /// <summary>The tick's time as the script carries it and Pub/Sub shows it: RFC 3339 UTC with milliseconds.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static decimal Price(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static decimal Figure(string text) =>
        Math.Round((decimal)double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), Decimals, MidpointRounding.AwayFromZero);

    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static long Sequence(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
