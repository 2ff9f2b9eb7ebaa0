using System.ComponentModel;
using Fleet.Ctl.Cli;
using Spectre.Console.Cli;

namespace Fleet.Ctl.Groups;

/// <summary>fleetctl groups [--stream S] [--json].</summary>
internal sealed class GroupsSettings : GlobalSettings
{
    [CommandOption("-s|--stream <STREAM>")]
    [Description("only this stream (default: every stream under the prefix)")]
    public string? Stream { get; set; }

    [CommandOption("--json")]
    [Description("one JSON document, shaped like the gateway's GET /events/stats")]
    public bool Json { get; set; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        return !result.Successful || Stream is null ? result : CheckStream(Stream, "--stream");
    }
}
