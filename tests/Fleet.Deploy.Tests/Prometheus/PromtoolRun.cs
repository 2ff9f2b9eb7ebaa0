namespace Fleet.Deploy.Tests.Prometheus;

/// <summary>One promtool run: its exit code and everything it printed.</summary>
internal sealed record PromtoolRun(int ExitCode, string Output)
{
    public override string ToString() => $"promtool exited {ExitCode}:\n{Output}";
}
