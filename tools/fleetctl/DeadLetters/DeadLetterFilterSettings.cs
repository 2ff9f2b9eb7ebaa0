using System.ComponentModel;
using Spectre.Console.Cli;

namespace Fleet.Ctl.DeadLetters;

/// <summary>The filters of dlq list, redrive and purge.</summary>
internal class DeadLetterFilterSettings : DeadLetterSettings
{
    [CommandOption("--error-type <TYPE>")]
    [Description("only entries with this dlq_error_type: malformed, validation, unknown_version, permanent, max_deliveries")]
    public string? ErrorType { get; set; }

    [CommandOption("--event-type <TYPE>")]
    [Description("only entries of this event type")]
    public string? EventType { get; set; }

    [CommandOption("--limit <N>")]
    [Description("at most N entries, oldest first")]
    [DefaultValue(100)]
    public int Limit { get; set; } = 100;

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        return Limit is < 1 or > 10_000 ? ValidationResult.Error($"--limit must be 1 to 10000, not {Limit}.") : ValidationResult.Success();
    }
}
