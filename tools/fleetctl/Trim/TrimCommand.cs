using Fleet.Ctl.Cli;

namespace Fleet.Ctl.Trim;

/// <summary>
/// XTRIM of a stream (or, with --force, of its <c>:dlq</c> / <c>:parked</c>) after the user confirms on the terminal;
/// without a terminal only --yes trims. Redis only.
/// </summary>
internal sealed class TrimCommand : FleetCommand<TrimSettings>
{
    protected override async Task<int> RunAsync(TrimSettings settings, CancellationToken cancellationToken)
    {
        RequireRedisMode(settings, "trim");
        await using var bus = await ConnectAsync(settings, cancellationToken);
        var key = bus.Keys.Stream(settings.Name) + settings.Suffix;
        var length = await bus.Redis.XLenAsync(key, cancellationToken);
        var rule = settings.Rule;
        if (!settings.Yes)
        {
            if (Console.IsInputRedirected)
            {
                // Nobody can answer: a script says --yes, it is never asked (and never hangs on a pipe left open).
                throw CliException.Usage($"not trimmed: trimming {key} needs a confirmation; stdin is not a terminal, so pass --yes.");
            }

            if (!Terminal.Error.Confirm(Markup.Escape($"Trim {key} ({length} entries) with XTRIM {rule}?"), defaultValue: false))
            {
                Terminal.WriteError($"not trimmed: {key} is unchanged.");
                return ExitCodes.Failure;
            }
        }

        var removed = await bus.Redis.XTrimAsync(key, rule, cancellationToken);
        var now = await bus.Redis.XLenAsync(key, cancellationToken);
        Terminal.Out.MarkupLineInterpolated($"trimmed [yellow]{removed}[/] entries from {key}; {now} left");
        return ExitCodes.Ok;
    }
}
