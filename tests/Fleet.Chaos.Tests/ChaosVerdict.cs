namespace Fleet.Chaos.Tests;

/// <summary>What a chaos run measured (<see cref="Figures"/>, printed by `make chaos`) and what it broke (<see cref="Failures"/>).</summary>
internal sealed class ChaosVerdict
{
    public List<string> Figures { get; } = [];

    public List<string> Failures { get; } = [];

    public void Figure(string line) => Figures.Add(line);

    /// <summary>Records <paramref name="failure"/> unless <paramref name="holds"/>.</summary>
    public void Check(bool holds, string failure)
    {
        if (!holds)
        {
            Failures.Add(failure);
        }
    }

    public override string ToString() =>
        string.Join('\n', Figures.Select(f => "chaos: " + f).Concat(Failures.Select(f => "FAILED: " + f)));
}
