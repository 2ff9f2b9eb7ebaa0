using System.ComponentModel;
using Spectre.Console.Cli;

namespace Fleet.Ctl.DeadLetters;

/// <summary>fleetctl dlq redrive|purge --stream S [ID…] [filters] [--wait [--timeout S]].</summary>
internal sealed class DeadLetterRequestSettings : DeadLetterFilterSettings
{
    [CommandArgument(0, "[ENTRY_IDS]")]
    [Description("entry ids in :parked; when given, the filters are not used")]
    public string[] EntryIds { get; set; } = [];

    [CommandOption("--wait")]
    [Description("wait until dead-letter-reaper has handled the request and print its answer")]
    public bool Wait { get; set; }

    [CommandOption("--timeout <SECONDS>")]
    [Description("how long --wait waits (exit code 4 when it runs out)")]
    [DefaultValue(30)]
    public int TimeoutSeconds { get; set; } = 30;

    [CommandOption("--requested-by <NAME>")]
    [Description("who asks, for the audit trail (default: $USER)")]
    public string? RequestedBy { get; set; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        if (TimeoutSeconds < 1)
        {
            return ValidationResult.Error($"--timeout must be at least 1 second, not {TimeoutSeconds}.");
        }

        return CheckEntryIds(EntryIds);
    }
}
