namespace Fleet.Events;

/// <summary>
/// An event's encoded entry (every field name and value of the envelope) is larger than
/// <see cref="FleetEventsOptions.MaxEventBytes"/>; it was not published. Events carry references and ids, not
/// documents: put large content elsewhere and publish its reference.
/// </summary>
public sealed class EventTooLargeException : FleetEventsException
{
    /// <summary>Creates the exception for an event of <paramref name="eventType"/> of <paramref name="size"/> bytes.</summary>
    /// <param name="eventType">The event's type name, e.g. <c>file.uploaded</c>.</param>
    /// <param name="size">The encoded entry's size in bytes.</param>
    /// <param name="limit">The limit in effect, <see cref="FleetEventsOptions.MaxEventBytes"/>.</param>
    public EventTooLargeException(string eventType, long size, long limit)
        : base($"Event of type '{eventType}' is {size} bytes encoded, more than the limit of {limit} bytes (Fleet:Events:MaxEventBytes); it was not published.")
    {
        EventType = eventType;
        Size = size;
        Limit = limit;
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public EventTooLargeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public EventTooLargeException()
    {
    }

    /// <summary>The event's type name, or null when not given.</summary>
    public string? EventType { get; }

    /// <summary>The encoded entry's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The limit in effect, in bytes.</summary>
    public long Limit { get; }
}
