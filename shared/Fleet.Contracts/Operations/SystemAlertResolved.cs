using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>A raised alert cleared (system.events): published once, after its <c>system.alert.raised</c>.</summary>
/// <param name="AlertKey">What had been alerting (<see cref="SystemAlertRaised.AlertKey"/>).</param>
/// <param name="Rule">The rule.</param>
/// <param name="Subject">Where.</param>
/// <param name="Value">The figure measured now, back within the threshold.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="RaisedAt">When it had been raised.</param>
/// <param name="Message">One sentence for people.</param>
public sealed record SystemAlertResolved(
    [property: Required, StringLength(500)] string AlertKey,
    [property: Required, RegularExpression("^[a-z_]{1,64}$")] string Rule,
    [property: Required, StringLength(400)] string Subject,
    double Value,
    double Threshold,
    DateTimeOffset RaisedAt,
    [property: Required, StringLength(2000)] string Message);
