using System.ComponentModel;
using Fleet.Ctl.Cli;
using Fleet.Redis;
using Spectre.Console.Cli;

namespace Fleet.Ctl.Trim;

/// <summary>fleetctl trim STREAM --maxlen N | --minid ID [--approximate] [--yes] [--force].</summary>
internal sealed class TrimSettings : GlobalSettings
{
    [CommandArgument(0, "<STREAM>")]
    [Description("the stream, e.g. market.events, or its dead letters: market.events:dlq, market.events:parked")]
    public string Stream { get; set; } = string.Empty;

    [CommandOption("--maxlen <N>")]
    [Description("keep the newest N entries (XTRIM MAXLEN)")]
    public long? MaxLength { get; set; }

    [CommandOption("--minid <ID>")]
    [Description("drop entries with an id below ID (XTRIM MINID), e.g. 1796206667504-0")]
    public string? MinId { get; set; }

    [CommandOption("--approximate")]
    [Description("let Redis trim whole nodes only (~): cheaper, may keep a few more entries")]
    public bool Approximate { get; set; }

    [CommandOption("-y|--yes")]
    [Description("do not ask for a confirmation")]
    public bool Yes { get; set; }

    [CommandOption("--force")]
    [Description("allow trimming :dlq or :parked, which hold the only copy of failed events")]
    public bool Force { get; set; }

    /// <summary>The stream's name, without a <c>:dlq</c> or <c>:parked</c> suffix.</summary>
    public string Name => Suffix is { } suffix ? Stream[..^suffix.Length] : Stream;

    /// <summary><c>:dlq</c>, <c>:parked</c> or null.</summary>
    public string? Suffix => Stream.EndsWith(":dlq", StringComparison.Ordinal) ? ":dlq" : Stream.EndsWith(":parked", StringComparison.Ordinal) ? ":parked" : null;

    /// <summary>The XTRIM rule the options give.</summary>
    public StreamTrim Rule => MaxLength is { } length
        ? StreamTrim.MaxLength(length, Approximate)
        : StreamTrim.MinId(RedisStreamId.Parse(MinId!), Approximate);

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        result = CheckStream(Name, "<STREAM>");
        if (!result.Successful)
        {
            return result;
        }

        if ((MaxLength is null) == (MinId is null))
        {
            return ValidationResult.Error("give exactly one of --maxlen N and --minid ID.");
        }

        if (MaxLength is < 0)
        {
            return ValidationResult.Error($"--maxlen must be 0 or more, not {MaxLength}.");
        }

        if (MinId is not null && !RedisStreamId.TryParse(MinId, out _))
        {
            return ValidationResult.Error($"--minid must be a stream entry id such as 1796206667504-0, not '{MinId}'.");
        }

        return Suffix is { } suffix && !Force
            ? ValidationResult.Error($"refusing to trim {Stream}: {suffix} holds the only copy of failed events; add --force if you mean it.")
            : ValidationResult.Success();
    }
}
