namespace Fleet.Events;

/// <summary>
/// A stream entry that is not a valid envelope (a missing or unparsable field). Permanent: the consumer
/// moves the entry to the dead-letter stream with this message as the reason.
/// </summary>
public sealed class MalformedEventException : FleetEventsException
{
    /// <summary>Creates the exception with the reason.</summary>
    public MalformedEventException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the parse error.</summary>
    public MalformedEventException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public MalformedEventException()
    {
    }
}
