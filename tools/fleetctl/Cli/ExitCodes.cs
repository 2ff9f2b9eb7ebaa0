namespace Fleet.Ctl.Cli;

/// <summary>The exit codes scripts can rely on (docs/fleetctl.md).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>It failed: Redis or the gateway unreachable, a server error, a failed job.</summary>
    public const int Failure = 1;

    /// <summary>The command line or the input is wrong (unknown option, invalid event data, a missing --gateway).</summary>
    public const int Usage = 2;

    /// <summary>What was asked for does not exist (a dead letter id, a replay job, a conversation).</summary>
    public const int NotFound = 3;

    /// <summary>A wait ran out (--wait, --timeout).</summary>
    public const int Timeout = 4;

    /// <summary>Stopped by Ctrl-C or SIGTERM before it finished (tail, which follows until stopped, exits 0 instead).</summary>
    public const int Interrupted = 130;
}
