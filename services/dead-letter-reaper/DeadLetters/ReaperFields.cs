using Fleet.Events;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>The fields the reaper adds to entries, after the fields they already carry (ADR 0004: every field is kept).</summary>
internal static class ReaperFields
{
    /// <summary><see cref="DeadLetterFields.Redrives"/>: the names live with the reader every tool shares (DeadLetterRecord).</summary>
    public const string Redrives = DeadLetterFields.Redrives;

    /// <summary><see cref="DeadLetterFields.ParkedReason"/>.</summary>
    public const string ParkedReason = DeadLetterFields.ParkedReason;

    /// <summary><see cref="DeadLetterFields.ParkedAt"/>.</summary>
    public const string ParkedAt = DeadLetterFields.ParkedAt;

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
