using System.ComponentModel.DataAnnotations;

namespace Fleet.Contracts;

/// <summary>
/// dead-letter-reaper put a dead letter (from <c>:dlq</c>, or from <c>:parked</c> on an operator's request) back on its
/// source stream (system.events). The event id and fields are the original ones, so a group with the idempotency guard
/// that had finished it skips it.
/// </summary>
/// <param name="Stream">The source stream, e.g. <c>contextual.events</c>.</param>
/// <param name="From">Where it was taken from: <c>dlq</c> or <c>parked</c>.</param>
/// <param name="DeadLetterId">Its entry id in <c>:dlq</c> or <c>:parked</c> (the dedupe key of this event).</param>
/// <param name="OriginalEntryId">The entry id it had in the source stream when it failed.</param>
/// <param name="NewEntryId">Its new entry id in the source stream.</param>
/// <param name="EventId">The envelope's id, when it had a readable one.</param>
/// <param name="EventType">The envelope's type, when it had a readable one.</param>
/// <param name="Group">The consumer group that gave up on it.</param>
/// <param name="ErrorType">Why it was dead-lettered (<c>dlq_error_type</c>).</param>
/// <param name="Redrives">How often it has been re-driven, this time included.</param>
/// <param name="RequestId">The <c>system.dead_letter.redrive.requested</c> event behind it, or empty for the policy's own re-drive.</param>
public sealed record DeadLetterRedriven(
    [property: Required, StringLength(200)] string Stream,
    [property: Required, RegularExpression("^(dlq|parked)$")] string From,
    [property: Required, RegularExpression(Ids.EntryIdPattern)] string DeadLetterId,
    [property: Required, RegularExpression(Ids.EntryIdPattern)] string OriginalEntryId,
    [property: Required, RegularExpression(Ids.EntryIdPattern)] string NewEntryId,
    [property: StringLength(64)] string? EventId,
    [property: StringLength(200)] string? EventType,
    [property: Required, StringLength(200)] string Group,
    [property: Required, StringLength(64)] string ErrorType,
    [property: Range(1, int.MaxValue)] int Redrives,
    [property: RegularExpression(Ids.UlidPattern)] string? RequestId = null);
