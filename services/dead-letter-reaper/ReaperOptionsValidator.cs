using System.Globalization;
using Fleet.DeadLetterReaper.DeadLetters;
using Fleet.Events;
using Microsoft.Extensions.Options;

namespace Fleet.DeadLetterReaper;

/// <summary>Checks <see cref="ReaperOptions"/> at start; each failure names the option as <c>Reaper:Section:Property</c>.</summary>
internal sealed class ReaperOptionsValidator : IValidateOptions<ReaperOptions>
{
    private static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(1);
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, ReaperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.Streams.Count; i++)
        {
            try
            {
                StreamKeys.Validate(options.Streams[i]);
            }
            catch (ArgumentException)
            {
                failures.Add(Invariant($"Reaper:Streams:{i} must be a stream name such as contextual.events (lower-case letters, digits, '.', '_', '-'); got '{options.Streams[i]}'."));
            }
        }

        if (options.ReadBlock < TimeSpan.FromMilliseconds(1) || options.ReadBlock > TimeSpan.FromSeconds(30))
        {
            failures.Add(Invariant($"Reaper:ReadBlock must be between 00:00:00.001 and 00:00:30; got {options.ReadBlock:c}."));
        }

        if (options.Redrive.Cooldown < TimeSpan.Zero || options.Redrive.Cooldown > MaxCooldown)
        {
            failures.Add(Invariant($"Reaper:Redrive:Cooldown must be between 00:00:00 and {MaxCooldown:c}; got {options.Redrive.Cooldown:c}."));
        }

        if (options.Redrive.MaxRedrives is < 0 or > 100)
        {
            failures.Add(Invariant($"Reaper:Redrive:MaxRedrives must be between 0 and 100; got {options.Redrive.MaxRedrives}."));
        }

        foreach (var (errorType, policy) in options.Policies)
        {
            if (!DeadLetter.IsName(errorType))
            {
                failures.Add(Invariant($"Reaper:Policies:{errorType} is not an error type (lower-case letters and '_', e.g. max_deliveries)."));
            }
            else if (!string.Equals(policy, ReaperOptions.RedrivePolicy, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(policy, ReaperOptions.ParkPolicy, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add(Invariant($"Reaper:Policies:{errorType} must be '{ReaperOptions.RedrivePolicy}' or '{ReaperOptions.ParkPolicy}'; got '{policy}'."));
            }
        }

        if (options.Consumers.IdleThreshold < MinInterval)
        {
            failures.Add(Invariant($"Reaper:Consumers:IdleThreshold must be at least {MinInterval:c}; got {options.Consumers.IdleThreshold:c}."));
        }

        if (options.Consumers.Interval < MinInterval || options.Consumers.Interval > MaxInterval)
        {
            failures.Add(Invariant($"Reaper:Consumers:Interval must be between {MinInterval:c} and {MaxInterval:c}; got {options.Consumers.Interval:c}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
