using Microsoft.Extensions.Options;

namespace Fleet.Events;

/// <summary>
/// Runs an options class's own <c>Validate()</c> (which throws <see cref="ArgumentException"/> naming the option) at host
/// start, so a bad value stops the process with that message (<see cref="FleetEventsOptions"/>, <see cref="LeadershipOptions"/>).
/// </summary>
internal sealed class ThrowingOptionsValidator<TOptions>(Action<TOptions> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        try
        {
            validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
