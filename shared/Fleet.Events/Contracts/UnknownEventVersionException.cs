namespace Fleet.Events;

/// <summary>
/// An event whose version this process cannot read: newer than the registered one, or older with no upcaster
/// for a step. Permanent: the consumer dead-letters the entry.
/// </summary>
public sealed class UnknownEventVersionException : FleetEventsException
{
    /// <summary>Creates the exception with a message.</summary>
    public UnknownEventVersionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public UnknownEventVersionException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public UnknownEventVersionException()
    {
    }
}
