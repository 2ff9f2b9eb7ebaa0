namespace Fleet.Hosting.Configuration;

/// <summary>
/// Configuration problems found while the host was being built (the Redis URL, the Serilog section). Building never
/// throws for them; <see cref="FleetHostingOptionsValidator"/> reports them at start, so a bad value is reported the
/// same way wherever it was found: one line naming the option, exit code 2.
/// </summary>
internal sealed class DeferredConfigurationProblems
{
    private readonly Lock _lock = new();
    private readonly List<string> _problems = [];

    /// <summary>Records <paramref name="problem"/>, a line naming the option.</summary>
    public void Add(string problem)
    {
        lock (_lock)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>The problems recorded so far.</summary>
    public IReadOnlyList<string> Snapshot()
    {
        lock (_lock)
        {
            return [.. _problems];
        }
    }
}
