namespace Fleet.Events;

/// <summary>The base of every error Fleet.Events raises on purpose.</summary>
public class FleetEventsException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public FleetEventsException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public FleetEventsException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public FleetEventsException()
    {
    }
}
