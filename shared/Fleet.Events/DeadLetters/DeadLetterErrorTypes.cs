namespace Fleet.Events;

/// <summary>The values of <see cref="DeadLetterFields.ErrorType"/>: why an entry became a dead letter.</summary>
public static class DeadLetterErrorTypes
{
    /// <summary>The entry is not a valid envelope (a missing or unparsable field).</summary>
    public const string Malformed = "malformed";

    /// <summary>The data breaks its type's rules or does not fit its record.</summary>
    public const string Validation = "validation";

    /// <summary>The event's version is newer than the registered one, or no upcaster reaches it.</summary>
    public const string UnknownVersion = "unknown_version";

    /// <summary>The handler threw <see cref="PermanentEventException"/> (or its partition key could not be computed).</summary>
    public const string Permanent = "permanent";

    /// <summary>The entry failed on every one of the group's maximum deliveries.</summary>
    public const string MaxDeliveries = "max_deliveries";
}
