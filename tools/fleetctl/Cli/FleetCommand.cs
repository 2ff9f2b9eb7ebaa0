using Fleet.Ctl.Connection;
using Fleet.Ctl.Output;
using Fleet.Events;
using Fleet.Hosting.Configuration;
using Fleet.Redis;
using Spectre.Console.Cli;

namespace Fleet.Ctl.Cli;

/// <summary>
/// What every command shares: the terminal, and one place that turns failures into a message on stderr and an exit
/// code (<see cref="ExitCodes"/>), with the Redis password masked in every message.
/// </summary>
internal abstract class FleetCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : GlobalSettings
{
    protected Terminal Terminal { get; } = Terminal.Standard;

    /// <summary>What the command does; exceptions are reported by <see cref="ExecuteAsync"/>.</summary>
    protected abstract Task<int> RunAsync(TSettings settings, CancellationToken cancellationToken);

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Known before anything can fail, so every message below is masked, whichever step failed.
        var mask = RedisTarget.MaskOf(settings.Redis);
        try
        {
            return await RunAsync(settings, cancellationToken);
        }
        catch (CliException e)
        {
            return Report(mask, e.ExitCode, e.Message, e.Details);
        }
        catch (EventValidationException e)
        {
            return Report(mask, ExitCodes.Usage, $"invalid event '{e.EventType}':", e.Errors);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (RedisConnectionException e)
        {
            return Report(mask, ExitCodes.Failure, $"Redis connection failed: {e.Message}", []);
        }
        catch (RedisTimeoutException e)
        {
            return Report(mask, ExitCodes.Failure, $"Redis did not answer in time: {e.Message}", []);
        }
        catch (RedisServerException e)
        {
            return Report(mask, ExitCodes.Failure, $"Redis refused the command: {e.Message}", []);
        }
        catch (FleetEventsException e)
        {
            return Report(mask, ExitCodes.Failure, e.Message, []);
        }
        catch (HttpRequestException e)
        {
            return Report(mask, ExitCodes.Failure, $"the gateway is unreachable: {e.Message}", []);
        }
    }

    /// <summary>Opens Fleet.Events on the Redis the options name.</summary>
    protected static Task<FleetBus> ConnectAsync(TSettings settings, CancellationToken cancellationToken) => FleetBus.ConnectAsync(settings, cancellationToken);

    /// <summary>Refuses <c>--gateway</c> for a command that talks to Redis only.</summary>
    protected static void RequireRedisMode(TSettings settings, string command)
    {
        if (settings.Gateway is not null)
        {
            throw CliException.Usage($"{command} talks to Redis only; drop --gateway (see fleetctl {command} --help).");
        }
    }

    private int Report(SecretMask mask, int exitCode, string message, IReadOnlyList<string> details)
    {
        Terminal.WriteError(mask.Apply(message));
        foreach (var detail in details)
        {
            Terminal.Error.WriteLine("  - " + mask.Apply(detail));
        }

        return exitCode;
    }
}
