namespace Fleet.Events.Outbox;

/// <summary>
/// An append to the publish outbox would go past <see cref="OutboxOptions.MaxEvents"/> or
/// <see cref="OutboxOptions.MaxBytes"/>; nothing was written. The event was not published and not spooled, so the
/// caller must treat it as failed.
/// </summary>
public sealed class OutboxFullException : FleetEventsException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public OutboxFullException()
        : base("The publish outbox is full.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public OutboxFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public OutboxFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the limit that was hit and the outbox's state at the time.</summary>
    /// <param name="limitName">The option that was hit: <c>MaxEvents</c> or <c>MaxBytes</c>.</param>
    /// <param name="limit">The value of that option.</param>
    /// <param name="count">Unconsumed records in the outbox.</param>
    /// <param name="bytes">Bytes of unconsumed records in the outbox.</param>
    /// <param name="requestedBytes">Bytes the rejected record would have taken.</param>
    public OutboxFullException(string limitName, long limit, int count, long bytes, long requestedBytes)
        : base($"The publish outbox is full: {limitName} is {limit}, and it holds {count} event(s) in {bytes} byte(s); " +
               $"a record of {requestedBytes} byte(s) does not fit. Redis has been unreachable long enough to fill it.")
    {
        LimitName = limitName;
        Limit = limit;
        Count = count;
        Bytes = bytes;
        RequestedBytes = requestedBytes;
    }

    /// <summary>The option that was hit: <c>MaxEvents</c> or <c>MaxBytes</c>; null when not given.</summary>
    public string? LimitName { get; }

    /// <summary>The value of the option that was hit.</summary>
    public long Limit { get; }

    /// <summary>Unconsumed records in the outbox when the append was refused.</summary>
    public int Count { get; }

    /// <summary>Bytes of unconsumed records in the outbox when the append was refused.</summary>
    public long Bytes { get; }

    /// <summary>Bytes the rejected record would have taken (payload plus frame header).</summary>
    public long RequestedBytes { get; }
}
