using System.Globalization;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Replay;

/// <summary>Checks <see cref="ReplayOptions"/> at start; each failure names the option as <c>Replay:Property</c>.</summary>
internal sealed class ReplayOptionsValidator : IValidateOptions<ReplayOptions>
{
    private const int MaxRate = 1_000_000;

    public ValidateOptionsResult Validate(string? name, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxRatePerSecond is < 1 or > MaxRate)
        {
            failures.Add(Invariant($"Replay:MaxRatePerSecond must be between 1 and {MaxRate}; got {options.MaxRatePerSecond}."));
        }

        if (options.DefaultRatePerSecond < 1 || options.DefaultRatePerSecond > options.MaxRatePerSecond)
        {
            failures.Add(Invariant($"Replay:DefaultRatePerSecond must be between 1 and Replay:MaxRatePerSecond ({options.MaxRatePerSecond}); got {options.DefaultRatePerSecond}."));
        }

        Within(failures, "LeaseTime", options.LeaseTime, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Within(failures, "PollInterval", options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Within(failures, "MarkerRetention", options.MarkerRetention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365));
        if (options.PageSize is < 1 or > 1_000)
        {
            failures.Add(Invariant($"Replay:PageSize must be between 1 and 1000; got {options.PageSize}."));
        }

        if (options.MaxFailures is < 1 or > 100)
        {
            failures.Add(Invariant($"Replay:MaxFailures must be between 1 and 100; got {options.MaxFailures}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Within(List<string> failures, string option, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add(Invariant($"Replay:{option} must be between {min:c} and {max:c}; got {value:c}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
