namespace Fleet.Events;

/// <summary>
/// The consumer group or its stream no longer exists (Redis restarted without persistence, FLUSHALL,
/// XGROUP DESTROY). The consumer re-creates the group and carries on; the loss is logged and counted.
/// </summary>
internal sealed class ConsumerGroupLostException : FleetEventsException
{
    /// <summary>Creates the exception naming the stream and group.</summary>
    public ConsumerGroupLostException(string stream, string group, Exception? innerException)
        : base($"Consumer group '{group}' on '{stream}' no longer exists.", innerException)
    {
        Stream = stream;
        Group = group;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConsumerGroupLostException(string message) : base(message)
    {
        Stream = string.Empty;
        Group = string.Empty;
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ConsumerGroupLostException(string message, Exception? innerException) : base(message, innerException)
    {
        Stream = string.Empty;
        Group = string.Empty;
    }

    /// <summary>Creates the exception with no message.</summary>
    public ConsumerGroupLostException()
    {
        Stream = string.Empty;
        Group = string.Empty;
    }

    /// <summary>The stream key.</summary>
    public string Stream { get; }

    /// <summary>The group.</summary>
    public string Group { get; }
}
