namespace Fleet.Events;

/// <summary>
/// Another live process consumes under this process's <see cref="FleetEventsOptions.InstanceName"/>: two processes with
/// one consumer name would share a pending list without a word, so this one does not start. Set
/// <c>Fleet:Events:InstanceName</c> to a name unique to each process.
/// </summary>
public sealed class InstanceNameInUseException : FleetEventsException
{
    /// <summary>Creates the exception with a message.</summary>
    public InstanceNameInUseException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public InstanceNameInUseException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public InstanceNameInUseException()
    {
    }
}
