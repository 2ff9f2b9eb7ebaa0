using Microsoft.Extensions.Options;

namespace Fleet.Events;

/// <summary>Runs <see cref="LeadershipOptions.Validate"/> at host start, so a bad value stops the process with a message naming the option.</summary>
internal sealed class LeadershipOptionsValidator : IValidateOptions<LeadershipOptions>
{
    public ValidateOptionsResult Validate(string? name, LeadershipOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
