using System.ComponentModel;
using System.Globalization;
using Fleet.Ctl.Cli;
using Fleet.Events;
using NUlid;
using Spectre.Console.Cli;

namespace Fleet.Ctl.Replay;

/// <summary>fleetctl replay --gateway URL [filters] [--target-stream S] [--rate N] [--no-wait].</summary>
internal sealed class ReplaySettings : GlobalSettings
{
    [CommandOption("--from <TIME>")]
    [Description("archived events from this time on (RFC 3339, e.g. 2026-12-02T10:00:00Z)")]
    public string? From { get; set; }

    [CommandOption("--to <TIME>")]
    [Description("archived events before this time (RFC 3339)")]
    public string? To { get; set; }

    [CommandOption("-s|--stream <STREAM>")]
    [Description("only events archived from this stream")]
    public string? Stream { get; set; }

    [CommandOption("--type <TYPE>")]
    [Description("only events of this type")]
    public string? Type { get; set; }

    [CommandOption("--correlation-id <ULID>")]
    [Description("only events of this conversation")]
    public string? CorrelationId { get; set; }

    [CommandOption("--target-stream <STREAM>")]
    [Description("publish to this stream instead of each event's own")]
    public string? TargetStream { get; set; }

    [CommandOption("--rate <PER_SECOND>")]
    [Description("at most this many events per second")]
    public int? Rate { get; set; }

    [CommandOption("--idempotency-key <KEY>")]
    [Description("the same key returns the same job instead of starting another")]
    public string? IdempotencyKey { get; set; }

    [CommandOption("--no-wait")]
    [Description("print the job id and return instead of following the job")]
    public bool NoWait { get; set; }

    [CommandOption("--timeout <SECONDS>")]
    [Description("stop following after this long (exit code 4; the job goes on)")]
    public int? TimeoutSeconds { get; set; }

    [CommandOption("--json")]
    [Description("print the job's final state as JSON")]
    public bool Json { get; set; }

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }

        foreach (var (value, option) in new[] { (From, "--from"), (To, "--to") })
        {
            if (value is not null && !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                return ValidationResult.Error($"{option} must be a time such as 2026-12-02T10:00:00Z, not '{value}'.");
            }
        }

        foreach (var (value, option) in new[] { (Stream, "--stream"), (TargetStream, "--target-stream") })
        {
            if (value is not null && CheckStream(value, option) is { Successful: false } bad)
            {
                return bad;
            }
        }

        if (CorrelationId is not null && !Ulid.TryParseExact(CorrelationId, out _))
        {
            return ValidationResult.Error($"--correlation-id must be a ULID, not '{CorrelationId}'.");
        }

        return Rate is < 1 || TimeoutSeconds is < 1
            ? ValidationResult.Error("--rate and --timeout must be at least 1.")
            : ValidationResult.Success();
    }
}
