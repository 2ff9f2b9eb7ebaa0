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
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventValidationException(string message) : base(message)
    {
        EventType = string.Empty;
        Errors = [message];
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public EventValidationException(string message, Exception? innerException) : base(message, innerException)
    {
        EventType = string.Empty;
        Errors = [message];
    }

    /// <summary>Creates the exception with no message.</summary>
    public EventValidationException()
    {
        EventType = string.Empty;
        Errors = [];
    }

    /// <summary>The event type whose data is invalid.</summary>
    public string EventType { get; }

    /// <summary>Each broken rule, naming the member.</summary>
    public IReadOnlyList<string> Errors { get; }
}
