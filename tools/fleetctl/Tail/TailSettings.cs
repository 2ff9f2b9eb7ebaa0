using System.ComponentModel;
using Fleet.Ctl.Cli;
using Fleet.Redis;
using Spectre.Console.Cli;

namespace Fleet.Ctl.Tail;

/// <summary>fleetctl tail STREAM [--from $|0|ID] [--count N] [--json].</summary>
internal sealed class TailSettings : GlobalSettings
{
    [CommandArgument(0, "<STREAM>")]
    [Description("the stream, e.g. contextual.events")]
    public string Stream { get; set; } = string.Empty;

    [CommandOption("--from <POSITION>")]
    [Description("$ for new entries only, 0 for the whole stream, or an entry id to start after")]
    [DefaultValue("$")]
    public string From { get; set; } = "$";

    [CommandOption("-n|--count <N>")]
    [Description("stop after N entries (default: follow until Ctrl-C or SIGTERM)")]
    public int? Count { get; set; }

    [CommandOption("--json")]
    [Description("one JSON object per line instead of readable lines")]
    public bool Json { get; set; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        result = CheckStream(Stream, "<STREAM>");
        if (!result.Successful)
        {
            return result;
        }

        if (Count is < 1)
        {
            return ValidationResult.Error($"--count must be at least 1, not {Count}.");
        }

        return From is "$" || RedisStreamId.TryParse(From, out _)
            ? ValidationResult.Success()
            : ValidationResult.Error($"--from must be $, 0 or an entry id such as 1796206667504-0, not '{From}'.");
    }
}
