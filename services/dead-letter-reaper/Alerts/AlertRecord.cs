using System.Text.Json.Serialization;

namespace Fleet.DeadLetterReaper.Alerts;

/// <summary>
/// One field of the raised set (<c>ContractKeys.SystemAlerts</c>, field = the alert key), as JSON. <see cref="Status"/>
/// <c>raised</c> is an alert whose <c>system.alert.raised</c> was published. <c>raising</c> and <c>resolving</c> are a
/// transition in flight: written (under the fence) before its event is published, replaced after. A leader that finds
/// one looks for the event on system.events by <see cref="Transition"/> (its <c>alert_transition</c> metadata) after
/// <see cref="Since"/>, and publishes it only when it is not there, so a crash between the two writes never publishes
/// an event twice nor loses it.
/// </summary>
internal sealed record AlertRecord
{
    public const string Raised = "raised";
    public const string Raising = "raising";
    public const string Resolving = "resolving";

    /// <summary><see cref="Raised"/>, <see cref="Raising"/> or <see cref="Resolving"/>.</summary>
    public required string Status { get; init; }

    public required string Rule { get; init; }

    public required string Subject { get; init; }

    /// <summary>The figure of the transition: the value that raised it, or (resolving) the value that cleared it.</summary>
    public required double Value { get; init; }

    public required double Threshold { get; init; }

    /// <summary>When the alert was raised (the evaluation's time).</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>The id of the last transition (a ULID), carried by its event as metadata <c>alert_transition</c>.</summary>
    public required string Transition { get; init; }

    /// <summary>An entry id of system.events no later than the transition's event (its last entry before the publish).</summary>
    public required string Since { get; init; }

    /// <summary>The fencing token of the leader that wrote the record.</summary>
    public required long FencingToken { get; init; }

    /// <summary>The alert's key, <c>{rule}:{subject}</c>.</summary>
    [JsonIgnore]
    public string Key => AlertRules.Key(Rule, Subject);

    /// <summary>The figure the record describes.</summary>
    [JsonIgnore]
    public AlertFigure Figure => new(Rule, Subject, Value, Threshold);
}
