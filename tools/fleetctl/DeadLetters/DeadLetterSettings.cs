using System.ComponentModel;
using Fleet.Ctl.Cli;
using Spectre.Console.Cli;

namespace Fleet.Ctl.DeadLetters;

/// <summary>What every dlq command takes: the stream, and whether its <c>:parked</c> entries are meant.</summary>
internal class DeadLetterSettings : GlobalSettings
{
    [CommandOption("-s|--stream <STREAM>")]
    [Description("the source stream, e.g. contextual.events (required)")]
    public string? Stream { get; set; }

    [CommandOption("--parked")]
    [Description("the entries dead-letter-reaper parked (:parked) instead of the dead letters (:dlq)")]
    public bool Parked { get; set; }

    [CommandOption("--json")]
    [Description("JSON lines instead of a table")]
    public bool Json { get; set; }

    /// <summary><c>dlq</c> or <c>parked</c>, as the gateway and the reaper's events name the two keys.</summary>
    public string Kind => Parked ? "parked" : "dlq";

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        return result.Successful ? CheckStream(Stream, "--stream") : result;
    }
}
