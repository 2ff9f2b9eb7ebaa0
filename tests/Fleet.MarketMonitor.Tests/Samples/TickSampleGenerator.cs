using System.Globalization;
using System.Text;

namespace Fleet.MarketMonitor.Tests.Samples;

/// <summary>
/// Makes samples/market/ticks.csv: five symbols over three trading days (Monday 16 to Wednesday 18 November 2026, the
/// regular session 14:30–21:00 UTC), at most one tick per symbol and minute at a random second. Prices follow a
/// geometric random walk with each symbol's daily volatility, a U-shaped intraday volatility, drift regimes that change
/// every 40 to 100 minutes (so averages cross and RSI reaches its extremes) and an overnight gap. Written in: a feed
/// outage (no ticks for 12 minutes on Wednesday), INITECH halted for 45 minutes on Tuesday and reopening 26 % higher
/// (a huge jump, which the analysis flags) with high volatility, and a sell-off on Wednesday afternoon at twice the
/// volatility. <see cref="TickSampleTests"/> checks the committed file against this and rewrites it when
/// FLEET_WRITE_SAMPLES=1.
/// </summary>
internal static class TickSampleGenerator
{
    /// <summary>The first trading day.</summary>
    public static readonly DateTime FirstDay = new(2026, 11, 16, 0, 0, 0, DateTimeKind.Utc);

    private const int Seed = 20261116;
    private const int Days = 3;
    private const int SessionMinutes = 390;
    private static readonly TimeSpan SessionOpen = new(14, 30, 0);

    // Symbol, first price, daily volatility, typical shares per tick, chance of a tick in a given minute.
    private static readonly Profile[] Profiles =
    [
        new("ACME", 142.50, 0.016, 1200, 0.92),
        new("GLOBEX", 58.20, 0.022, 2500, 0.85),
        new("HOOLI", 311.75, 0.018, 600, 0.88),
        new("INITECH", 23.40, 0.035, 4000, 0.62),
        new("STARK", 874.10, 0.013, 150, 0.72),
    ];

    /// <summary>The CSV text (LF line endings).</summary>
    public static string Generate()
    {
        var random = new Random(Seed);
        var walks = Profiles.Select(p => new Walk(p)).ToArray();
        var rows = new List<(DateTime Time, int Symbol, string Line)>();
        for (var day = 0; day < Days; day++)
        {
            var open = FirstDay.AddDays(day) + SessionOpen;
            foreach (var walk in walks)
            {
                walk.OpenDay(day, random);
            }

            for (var minute = 0; minute < SessionMinutes; minute++)
            {
                for (var s = 0; s < walks.Length; s++)
                {
                    if (walks[s].Step(day, minute, random) is { } tick && !Outage(day, minute))
                    {
                        var time = open.AddMinutes(minute).AddSeconds(random.Next(60));
                        rows.Add((time, s, string.Create(CultureInfo.InvariantCulture,
                            $"{time:yyyy-MM-ddTHH:mm:ssZ},{Profiles[s].Symbol},{tick.Price:F2},{tick.Volume}")));
                    }
                }
            }
        }

        var text = new StringBuilder("time,symbol,price,volume\n");
        foreach (var row in rows.OrderBy(r => r.Time).ThenBy(r => r.Symbol))
        {
            text.Append(row.Line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Wednesday's feed outage: no symbol ticks from 16:05 to 16:16 UTC.</summary>
    private static bool Outage(int day, int minute) => day == 2 && minute is >= 95 and < 107;

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private sealed record Profile(string Symbol, double Price, double DailyVolatility, int Shares, double Liquidity);

    private readonly record struct GeneratedTick(decimal Price, long Volume);

    private sealed class Walk(Profile profile)
    {
        private double _price = profile.Price;
        private double _drift;
        private int _regimeLeft;

        private bool IsInitech => profile.Symbol == "INITECH";

        public void OpenDay(int day, Random random)
        {
            if (day > 0)
            {
                _price *= Math.Exp(Normal(random) * profile.DailyVolatility * 0.4);
            }

            _regimeLeft = 0;
        }

        public GeneratedTick? Step(int day, int minute, Random random)
        {
            var sigma = profile.DailyVolatility / Math.Sqrt(SessionMinutes)
                * (1 + (0.8 * (Math.Exp(-minute / 30.0) + Math.Exp(-(SessionMinutes - 1 - minute) / 30.0))));
            var shares = profile.Shares * (1 + (0.8 * Math.Exp(-minute / 45.0)));
            if (_regimeLeft-- <= 0)
            {
                _regimeLeft = random.Next(40, 101);
                var strength = 0.15 + (0.3 * random.NextDouble());
                _drift = random.Next(3) switch { 0 => strength, 1 => -strength, _ => 0 };
            }

            var drift = _drift;
            if (day == 2 && minute >= 150)
            {
                // Wednesday's sell-off: everything falls, at twice the volatility, on heavy volume.
                sigma *= 2;
                drift = Math.Min(drift, 0) - 0.08;
                shares *= 2.5;
            }

            if (IsInitech && day == 1)
            {
                if (minute is >= 200 and < 245)
                {
                    // Halted pending news: no trades, the price does not move.
                    return null;
                }

                if (minute == 245)
                {
                    _price *= 1.26;
                    shares *= 8;
                }

                if (minute >= 245)
                {
                    sigma *= 2.5;
                    shares *= 3;
                }
            }

            var z = Normal(random);
            _price *= Math.Exp((drift * sigma) + (sigma * z));
            var volume = shares * Math.Exp(0.6 * Normal(random)) * (1 + (0.5 * Math.Abs(z)));
            var traded = random.NextDouble() < profile.Liquidity || (IsInitech && day == 1 && minute == 245);
            if (!traded)
            {
                return null;
            }

            var lots = volume >= 100 && random.NextDouble() < 0.7 ? Math.Round(volume / 100) * 100 : Math.Max(1, Math.Round(volume));
            return new GeneratedTick(Math.Round((decimal)_price, 2), (long)lots);
        }
    }
}
