using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// dead-letter-reaper gave up on a dead letter and moved it from <c>:dlq</c> to <c>:parked</c> (system.events), where it
/// waits for an operator's re-drive or purge.
/// </summary>
/// <param name="Stream">The source stream.</param>
/// <param name="DeadLetterId">Its entry id in <c>:dlq</c> (the dedupe key of this event).</param>
/// <param name="ParkedEntryId">Its entry id in <c>:parked</c>.</param>
/// <param name="OriginalEntryId">The entry id it had in the source stream.</param>
/// <param name="EventId">The envelope's id, when it had a readable one.</param>
/// <param name="EventType">The envelope's type, when it had a readable one.</param>
/// <param name="Group">The consumer group that gave up on it.</param>
/// <param name="ErrorType">Why it was dead-lettered.</param>
/// <param name="ErrorMessage">The dead letter's reason, in words.</param>
/// <param name="Redrives">How often it had been re-driven before.</param>
/// <param name="Reason">Why it was parked: <c>policy</c> (its error type is parked at once) or <c>max_redrives</c>.</param>
public sealed record DeadLetterParked(
    [property: Required, StringLength(200)] string Stream,
    [property: Required, RegularExpression(Ids.EntryIdPattern)] string DeadLetterId,
    [property: Required, RegularExpression(Ids.EntryIdPattern)] string ParkedEntryId,
    [property: Required, RegularExpression(Ids.EntryIdPattern)] string OriginalEntryId,
    [property: StringLength(64)] string? EventId,
    [property: StringLength(200)] string? EventType,
    [property: Required, StringLength(200)] string Group,
    [property: Required, StringLength(64)] string ErrorType,
    [property: Required, StringLength(2100)] string ErrorMessage,
    [property: Range(0, int.MaxValue)] int Redrives,
    [property: Required, RegularExpression("^[a-z_]{1,64}$")] string Reason);
