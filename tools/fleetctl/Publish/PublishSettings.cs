using System.ComponentModel;
using Fleet.Ctl.Cli;
using Spectre.Console.Cli;

namespace Fleet.Ctl.Publish;

/// <summary>fleetctl publish TYPE --data JSON|@file [options].</summary>
internal sealed class PublishSettings : GlobalSettings
{
    [CommandArgument(0, "<TYPE>")]
    [Description("a registered event type, e.g. file.uploaded (docs/event-catalogue.md)")]
    public string Type { get; set; } = string.Empty;

    [CommandOption("-d|--data <JSON>")]
    [Description("the event's data: a JSON object, @FILE to read it from a file, or @- for stdin")]
    public string? Data { get; set; }

    [CommandOption("--stream <STREAM>")]
    [Description("the stream (default: the type's first stream in the catalogue)")]
    public string? Stream { get; set; }

    [CommandOption("--correlation-id <ULID>")]
    [Description("the conversation the event belongs to")]
    public string? CorrelationId { get; set; }

    [CommandOption("--causation-id <ULID>")]
    [Description("the event that caused this one")]
    public string? CausationId { get; set; }

    [CommandOption("--user-id <ID>")]
    [Description("the user context (an id, never personal data)")]
    public string? UserId { get; set; }

    [CommandOption("--metadata <JSON>")]
    [Description("metadata: a JSON object of string values")]
    public string? Metadata { get; set; }

    [CommandOption("--json")]
    [Description("print the result as one JSON object")]
    public bool Json { get; set; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        return string.IsNullOrEmpty(Data) ? ValidationResult.Error("--data is required: a JSON object, @FILE or @-.") : ValidationResult.Success();
    }
}
