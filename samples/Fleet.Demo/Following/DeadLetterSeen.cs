namespace Fleet.Demo.Following;

/// <summary>A dead letter written during the run.</summary>
/// <param name="Key">The dead-letter stream.</param>
/// <param name="EntryId">Its entry id there.</param>
/// <param name="Type">The dead event's type.</param>
/// <param name="File">The file it belongs to, if any.</param>
/// <param name="ErrorType">Why (<c>dlq_error_type</c>).</param>
/// <param name="Message">The reason (<c>dlq_error_message</c>).</param>
internal sealed record DeadLetterSeen(string Key, string EntryId, string Type, string? File, string ErrorType, string Message);
