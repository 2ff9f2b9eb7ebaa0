namespace Fleet.Events;

/// <summary>
/// The fields a dead letter carries after the original entry's fields (DESIGN.md section 4). A dead letter in a
/// stream's <c>:dlq</c> is the original entry, field for field and in order, followed by these.
/// </summary>
public static class DeadLetterFields
{
    /// <summary><c>dlq_source_stream</c>: the stream name the entry came from, e.g. <c>contextual.events</c>.</summary>
    public const string SourceStream = "dlq_source_stream";

    /// <summary><c>dlq_entry_id</c>: the entry's id in the source stream.</summary>
    public const string EntryId = "dlq_entry_id";

    /// <summary><c>dlq_group</c>: the consumer group that gave up on it.</summary>
    public const string Group = "dlq_group";

    /// <summary><c>dlq_consumer</c>: the consumer (instance) that moved it.</summary>
    public const string Consumer = "dlq_consumer";

    /// <summary><c>dlq_delivery_count</c>: how often the group had delivered it, 1 or more.</summary>
    public const string DeliveryCount = "dlq_delivery_count";

    /// <summary><c>dlq_error_type</c>: one of <see cref="DeadLetterErrorTypes"/>.</summary>
    public const string ErrorType = "dlq_error_type";

    /// <summary><c>dlq_error_message</c>: why, in words (the exception's message; never the payload).</summary>
    public const string ErrorMessage = "dlq_error_message";

    /// <summary><c>dlq_exception</c>: the full type name of the exception behind it, or empty.</summary>
    public const string Exception = "dlq_exception";

    /// <summary><c>dlq_failed_at</c>: when it was moved, RFC 3339 UTC with milliseconds.</summary>
    public const string FailedAt = "dlq_failed_at";

    /// <summary>
    /// <c>fleet_redrives</c>, written by dead-letter-reaper on a re-driven entry: how often it has been re-driven. A group
    /// ignores it (it is outside the envelope); its dead letter copies it, which is how the count survives the next failure.
    /// </summary>
    public const string Redrives = "fleet_redrives";

    /// <summary><c>parked_reason</c>, written by dead-letter-reaper on a parked entry: <c>policy</c> or <c>max_redrives</c>.</summary>
    public const string ParkedReason = "parked_reason";

    /// <summary><c>parked_at</c>, written by dead-letter-reaper on a parked entry: when, RFC 3339 UTC with milliseconds.</summary>
    public const string ParkedAt = "parked_at";

    /// <summary>Every dead-letter field, in the order they follow the original fields (not the reaper's, which follow them).</summary>
    public static IReadOnlyList<string> All { get; } =
        [SourceStream, EntryId, Group, Consumer, DeliveryCount, ErrorType, ErrorMessage, Exception, FailedAt];
}
