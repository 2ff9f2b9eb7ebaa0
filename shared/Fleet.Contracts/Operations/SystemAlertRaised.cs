using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// A threshold of seed 001 was crossed (system.events): published once when it is crossed, by the replica of
/// dead-letter-reaper that holds the alert-evaluator lease; <c>system.alert.resolved</c> follows once when it clears.
/// </summary>
/// <param name="AlertKey">What is alerting, stable across evaluations: <c>{rule}:{subject}</c>.</param>
/// <param name="Rule"><c>consumer_lag</c>, <c>error_rate</c>, <c>stream_depth</c>, <c>dead_letter_depth</c> or <c>memory</c>.</param>
/// <param name="Subject">Where: <c>{stream}/{group}</c>, <c>{stream}</c>, or <c>redis</c>.</param>
/// <param name="Value">The figure measured.</param>
/// <param name="Threshold">The threshold it crossed.</param>
/// <param name="Message">One sentence for people.</param>
public sealed record SystemAlertRaised(
    [property: Required, StringLength(500)] string AlertKey,
    [property: Required, RegularExpression("^[a-z_]{1,64}$")] string Rule,
    [property: Required, StringLength(400)] string Subject,
    double Value,
    double Threshold,
    [property: Required, StringLength(2000)] string Message);
