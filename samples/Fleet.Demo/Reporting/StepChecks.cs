namespace Fleet.Demo.Reporting;

/// <summary>
/// The checked steps of the market and operations part of the scenario, in order: each is ok or not, with a line that
/// says what happened (the scenario check lists them after the uploads' steps).
/// </summary>
internal sealed class StepChecks
{
    private readonly Lock _gate = new();
    private readonly List<(bool Ok, string Step)> _steps = [];
    private readonly List<Func<(bool Ok, string Step)>> _late = [];

    /// <summary>The dead-letter entries the demo wrote on purpose (key and id): not counted as unexpected dead letters.</summary>
    public HashSet<string> ExpectedDeadLetters { get; } = new(StringComparer.Ordinal);

    /// <summary>Instances the demo ended on purpose (the killed leader): not expected to be ready at the end.</summary>
    public HashSet<string> KilledInstances { get; } = new(StringComparer.Ordinal);

    /// <summary>The steps, then the late checks evaluated now.</summary>
    public IReadOnlyList<(bool Ok, string Step)> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _steps, .. _late.Select(check => check())];
            }
        }
    }

    /// <summary>
    /// A check made only at the end of the scenario: "exactly once" holds only if nothing came later, so it is counted
    /// again when the scenario check is written instead of waiting a while in the step.
    /// </summary>
    public void AddLate(Func<(bool Ok, string Step)> check)
    {
        lock (_gate)
        {
            _late.Add(check);
        }
    }

    /// <summary>Records a step and prints its verdict at once.</summary>
    public void Add(Narrator narrator, bool ok, string step)
    {
        lock (_gate)
        {
            _steps.Add((ok, step));
        }

        narrator.Verdict(ok, step);
    }
}
