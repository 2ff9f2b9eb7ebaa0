using System.Globalization;
using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>Checks <see cref="AlertsOptions"/> at start; each failure names the option as <c>Alerts:Property</c>.</summary>
internal sealed class AlertsOptionsValidator : IValidateOptions<AlertsOptions>
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, AlertsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Interval < MinInterval || options.Interval > MaxInterval)
        {
            failures.Add(Invariant($"Alerts:Interval must be between {MinInterval:c} and {MaxInterval:c}; got {options.Interval:c}."));
        }

        // A window shorter than the interval would hold no earlier sample to compare with, so no rate could ever be computed.
        if (options.ErrorWindow < options.Interval || options.ErrorWindow > MaxWindow)
        {
            failures.Add(Invariant($"Alerts:ErrorWindow must be between Alerts:Interval ({options.Interval:c}) and {MaxWindow:c}; got {options.ErrorWindow:c}."));
        }

        AtLeastZero("Alerts:ConsumerLag", options.ConsumerLag, failures);
        AtLeastZero("Alerts:StreamDepth", options.StreamDepth, failures);
        AtLeastZero("Alerts:DeadLetterDepth", options.DeadLetterDepth, failures);
        if (!(options.ErrorRate is >= 0 and <= 1))
        {
            failures.Add(Invariant($"Alerts:ErrorRate must be between 0 and 1 (a share of the entries added, 0.05 = 5 %); got {options.ErrorRate}."));
        }

        if (!(options.MemoryRatio is > 0 and <= 1))
        {
            failures.Add(Invariant($"Alerts:MemoryRatio must be above 0 and at most 1 (a share of maxmemory, 0.8 = 80 %); got {options.MemoryRatio}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AtLeastZero(string option, long value, List<string> failures)
    {
        if (value < 0)
        {
            failures.Add(Invariant($"{option} must be 0 or more (entries); got {value}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
