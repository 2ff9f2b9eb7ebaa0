namespace Fleet.Ctl.Tests;

/// <summary>How a fleetctl run ended: its exit code and everything it wrote.</summary>
internal sealed record FleetCtlResult(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)
{
    public string Stdout => string.Join('\n', Output);

    public string Stderr => string.Join('\n', Errors);

    /// <summary>Asserts the exit code, showing both streams when it is not the expected one.</summary>
    public FleetCtlResult ShouldExitWith(int expected)
    {
        Assert.True(expected == ExitCode, $"fleetctl exited {ExitCode}, expected {expected}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }

    /// <summary>Asserts that neither stream holds an ANSI escape (redirected output is never coloured).</summary>
    public FleetCtlResult ShouldHaveNoAnsi()
    {
        Assert.DoesNotContain('\u001b', Stdout);
        Assert.DoesNotContain('\u001b', Stderr);
        return this;
    }
}
