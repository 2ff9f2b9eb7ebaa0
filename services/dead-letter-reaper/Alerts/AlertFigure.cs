using System.Globalization;

namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>One figure measured by an evaluation against the threshold of its rule.</summary>
/// <param name="Rule">One of <see cref="AlertRules"/>.</param>
/// <param name="Subject">Where it was measured: <c>{stream}/{group}</c>, <c>{stream}</c> or <c>redis</c>.</param>
/// <param name="Value">The figure.</param>
/// <param name="Threshold">Its rule's threshold.</param>
internal readonly record struct AlertFigure(string Rule, string Subject, double Value, double Threshold)
{
    /// <summary>The alert's key, <c>{rule}:{subject}</c>.</summary>
    public string Key => AlertRules.Key(Rule, Subject);

    /// <summary>Whether the figure crossed the threshold (strictly above it: seed 001 says "more than").</summary>
    public bool Exceeded => Value > Threshold;

    /// <summary>The sentence of the raised event.</summary>
    public string RaisedMessage() => string.Create(CultureInfo.InvariantCulture, $"{Describe()} is {Format(Value)}, above the threshold of {Format(Threshold)}.");

    /// <summary>The sentence of the resolved event.</summary>
    public string ResolvedMessage() => string.Create(CultureInfo.InvariantCulture, $"{Describe()} is {Format(Value)}, back within the threshold of {Format(Threshold)}.");

    /// <summary>The sentence of the resolved event of an alert whose subject is gone (a group or stream deleted, maxmemory set to 0).</summary>
    public string GoneMessage() => string.Create(CultureInfo.InvariantCulture, $"{Describe()} is no longer measured (its subject is gone or the rule no longer applies).");

    private string Describe() => Rule switch
    {
        AlertRules.ConsumerLag => $"The lag of {Subject}",
        AlertRules.StreamDepth => $"The unfinished entries (lag + pending) of {Subject}",
        AlertRules.ErrorRate => $"The dead letters per entry added to {Subject}",
        AlertRules.DeadLetterDepth => $"The dead-letter depth of {Subject}",
        AlertRules.Memory => "Redis's used memory as a share of maxmemory",
        _ => $"{Rule} of {Subject}",
    };

    private static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);
}
