using Microsoft.Extensions.Options;

namespace Fleet.MarketMonitor.Analysis;

/// <summary>Checks <see cref="AnalysisOptions"/> at start; each failure names the option as <c>MarketMonitor:Analysis:…</c>.</summary>
internal sealed class AnalysisOptionsValidator : IValidateOptions<AnalysisOptions>
{
    /// <summary>The largest window or period: the window travels as one hash field through every tick's script.</summary>
    public const int MaxWindow = 1000;

    /// <summary>The most ticks that may wait behind a gap (each is one hash field).</summary>
    public const int MaxBuffer = 100_000;

    public ValidateOptionsResult Validate(string? name, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Range(options.ShortWindow, 1, MaxWindow, "ShortWindow", failures);
        Range(options.LongWindow, 2, MaxWindow, "LongWindow", failures);
        Range(options.RsiPeriod, 1, MaxWindow, "RsiPeriod", failures);
        Range(options.MaxBufferedTicks, 1, MaxBuffer, "MaxBufferedTicks", failures);
        if (options.ShortWindow >= options.LongWindow)
        {
            failures.Add($"MarketMonitor:Analysis:ShortWindow ({options.ShortWindow}) must be less than LongWindow ({options.LongWindow}).");
        }

        if (!(options.RsiOversold >= 0 && options.RsiOversold < options.RsiOverbought && options.RsiOverbought <= 100))
        {
            failures.Add($"MarketMonitor:Analysis:RsiOversold ({options.RsiOversold}) and RsiOverbought ({options.RsiOverbought}) must satisfy 0 <= oversold < overbought <= 100.");
        }

        if (!double.IsFinite(options.MaxJumpPercent) || options.MaxJumpPercent <= 0)
        {
            failures.Add($"MarketMonitor:Analysis:MaxJumpPercent must be a number greater than 0; got {options.MaxJumpPercent}.");
        }

        Positive(options.GapTimeout, "GapTimeout", failures);
        Positive(options.ResultLease, "ResultLease", failures);
        Positive(options.SweepInterval, "SweepInterval", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(int value, int min, int max, string option, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add($"MarketMonitor:Analysis:{option} must be between {min} and {max}; got {value}.");
        }
    }

    private static void Positive(TimeSpan value, string option, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"MarketMonitor:Analysis:{option} must be greater than 0; got {value}.");
        }
    }
}
