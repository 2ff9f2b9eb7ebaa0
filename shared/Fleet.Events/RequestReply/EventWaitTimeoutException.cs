namespace Fleet.Events;

/// <summary>No event of the awaited type and correlation id arrived in time.</summary>
public sealed class EventWaitTimeoutException : TimeoutException
{
    /// <summary>Creates the exception naming what was awaited.</summary>
    public EventWaitTimeoutException(string stream, string eventType, Ulid correlationId, TimeSpan timeout)
        : base($"No '{eventType}' event with correlation id {correlationId} arrived on '{stream}' within {timeout.TotalMilliseconds:0} ms.")
    {
        Stream = stream;
        EventType = eventType;
        CorrelationId = correlationId;
        Timeout = timeout;
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventWaitTimeoutException(string message) : base(message)
    {
        Stream = EventType = string.Empty;
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public EventWaitTimeoutException(string message, Exception? innerException) : base(message, innerException)
    {
        Stream = EventType = string.Empty;
    }

    /// <summary>Creates the exception with no message.</summary>
    public EventWaitTimeoutException()
    {
        Stream = EventType = string.Empty;
    }

    /// <summary>The stream waited on.</summary>
    public string Stream { get; }

    /// <summary>The event type waited for.</summary>
    public string EventType { get; }

    /// <summary>The correlation id waited for.</summary>
    public Ulid CorrelationId { get; }

    /// <summary>How long the wait lasted.</summary>
    public TimeSpan Timeout { get; }
}
