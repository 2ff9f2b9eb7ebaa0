using System.Globalization;
using Microsoft.Extensions.Options;

namespace Fleet.Hosting.Configuration;

/// <summary>
/// Checks <see cref="FleetHostingOptions"/> at start (ValidateOnStart) and reports the problems found while building
/// (<see cref="DeferredConfigurationProblems"/>) with them; every failure names its option.
/// </summary>
internal sealed class FleetHostingOptionsValidator(DeferredConfigurationProblems deferred) : IValidateOptions<FleetHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, FleetHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(deferred.Snapshot());
        if (options.Http.Port is < 0 or > 65535)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"Fleet:Http:Port must be 1-65535 (0: any free port), not {options.Http.Port}."));
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"Fleet:ShutdownTimeout must be a positive time span such as 00:00:30, not {options.ShutdownTimeout}."));
        }

        if (!Enum.IsDefined(options.Logging.Format))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"Fleet:Logging:Format must be auto, json or text, not {(int)options.Logging.Format}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
