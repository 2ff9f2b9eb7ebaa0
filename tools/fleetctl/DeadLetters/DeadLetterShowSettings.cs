using System.ComponentModel;
using Spectre.Console.Cli;

namespace Fleet.Ctl.DeadLetters;

/// <summary>fleetctl dlq show --stream S [--parked] ID….</summary>
internal sealed class DeadLetterShowSettings : DeadLetterSettings
{
    [CommandArgument(0, "<ENTRY_IDS>")]
    [Description("entry ids in :dlq (or :parked), e.g. 1796206667504-0")]
    public string[] EntryIds { get; set; } = [];

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        return CheckEntryIds(EntryIds);
    }
}
