using Fleet.Events;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>The fields the reaper adds to entries, after the fields they already carry (ADR 0004: every field is kept).</summary>
internal static class ReaperFields
{
    /// <summary>
    /// <c>fleet_redrives</c> on a re-driven entry: how often it has been re-driven. A group ignores it (it is outside the
    /// envelope); its dead letter copies it, which is how the count survives the next failure.
    /// </summary>
    public const string Redrives = "fleet_redrives";

    /// <summary><c>parked_reason</c> on a parked entry: <c>policy</c> or <c>max_redrives</c>.</summary>
    public const string ParkedReason = "parked_reason";

    /// <summary><c>parked_at</c> on a parked entry: when it was parked, RFC 3339 UTC with milliseconds.</summary>
    public const string ParkedAt = "parked_at";

    /// <summary>Parked because its error type's policy is <c>park</c> (or the type is unknown).</summary>
    public const string PolicyReason = "policy";

    /// <summary>Parked because it had been re-driven <c>Reaper:Redrive:MaxRedrives</c> times already.</summary>
    public const string MaxRedrivesReason = "max_redrives";

    /// <summary>
    /// The fields a re-drive leaves out: the dead-letter fields, the parking fields and the old count (a new one is
    /// appended), so the source stream gets the original entry back, field for field.
    /// </summary>
    public static IReadOnlyList<string> NotRedriven { get; } = [.. DeadLetterFields.All, ParkedReason, ParkedAt, Redrives];
}
