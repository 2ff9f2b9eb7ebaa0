namespace Fleet.Events;

/// <summary>
/// Event data that breaks its type's rules (required fields, ranges, sizes). At publish the caller gets
/// it; at consume the entry goes to the dead-letter stream with <see cref="Exception.Message"/> as the reason.
/// </summary>
public sealed class EventValidationException : FleetEventsException
{
    /// <summary>Creates the exception for <paramref name="eventType"/> with every broken rule.</summary>
    public EventValidationException(string eventType, IReadOnlyList<string> errors)
        : base($"Event '{eventType}' is invalid: {string.Join("; ", errors)}")
    {
        EventType = eventType;
        Errors = errors;
        Failures = [.. errors.Select(e => new EventValidationFailure(string.Empty, e))];
    }

    /// <summary>Creates the exception for <paramref name="eventType"/> with every broken rule and the member it concerns.</summary>
    public EventValidationException(string eventType, IReadOnlyList<EventValidationFailure> failures)
        : this(eventType, [.. (failures ?? throw new ArgumentNullException(nameof(failures))).Select(f => f.Message)])
    {
        Failures = failures;
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventValidationException(string message) : base(message)
    {
        EventType = string.Empty;
        Errors = [message];
        Failures = [new EventValidationFailure(string.Empty, message)];
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public EventValidationException(string message, Exception? innerException) : base(message, innerException)
    {
        EventType = string.Empty;
        Errors = [message];
        Failures = [new EventValidationFailure(string.Empty, message)];
    }

    /// <summary>Creates the exception with no message.</summary>
    public EventValidationException()
    {
        EventType = string.Empty;
        Errors = [];
        Failures = [];
    }

    /// <summary>The event type whose data is invalid.</summary>
    public string EventType { get; }

    /// <summary>Each broken rule, naming the member.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>
    /// Each broken rule with the path of the member it concerns (empty when the rule is not about one member), for a
    /// caller that reports errors per field, as the gateway's problem details do.
    /// </summary>
    public IReadOnlyList<EventValidationFailure> Failures { get; }
}
