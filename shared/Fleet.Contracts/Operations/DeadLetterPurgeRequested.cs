namespace Fleet.Contracts;

/// <summary>
/// An operator asks dead-letter-reaper to delete parked entries for good (system.events); answered by one
/// <c>system.dead_letter.purged</c>.
/// </summary>
/// <param name="Selection">Which parked entries.</param>
/// <param name="RequestedBy">Who asked, for the audit trail.</param>
public sealed record DeadLetterPurgeRequested(
    [property: System.ComponentModel.DataAnnotations.Required] ParkedEntrySelection Selection,
    [property: System.ComponentModel.DataAnnotations.StringLength(200)] string? RequestedBy = null);
