using System.ComponentModel;
using Fleet.Ctl.Cli;
using Spectre.Console.Cli;

namespace Fleet.Ctl.Schemas;

/// <summary>fleetctl schemas export [--output DIR].</summary>
internal sealed class SchemasExportSettings : GlobalSettings
{
    [CommandOption("-o|--output <DIR>")]
    [Description("the directory to write {type}.v{version}.json files into (created when missing)")]
    [DefaultValue("schemas")]
    public string Output { get; set; } = "schemas";
}
