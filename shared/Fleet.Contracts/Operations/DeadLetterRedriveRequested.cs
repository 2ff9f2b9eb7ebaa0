namespace Fleet.Contracts;

/// <summary>
/// An operator asks dead-letter-reaper to put parked entries back on their source stream (system.events); each one
/// re-driven gives a <c>system.dead_letter.redriven</c> with this event's id as its request id.
/// </summary>
/// <param name="Selection">Which parked entries.</param>
/// <param name="RequestedBy">Who asked (an operator's name or a tool), for the audit trail.</param>
public sealed record DeadLetterRedriveRequested(
    [property: System.ComponentModel.DataAnnotations.Required] ParkedEntrySelection Selection,
    [property: System.ComponentModel.DataAnnotations.StringLength(200)] string? RequestedBy = null);
