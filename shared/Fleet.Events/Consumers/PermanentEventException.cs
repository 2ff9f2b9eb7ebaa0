namespace Fleet.Events;

/// <summary>
/// Thrown by a handler for a failure no retry can fix (a referenced file that does not exist, a rule the
/// event breaks). The entry moves to the dead-letter stream at once, with this message as the reason.
/// </summary>
public sealed class PermanentEventException : FleetEventsException
{
    /// <summary>Creates the exception with the reason.</summary>
    public PermanentEventException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error that caused it.</summary>
    public PermanentEventException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public PermanentEventException()
    {
    }
}
