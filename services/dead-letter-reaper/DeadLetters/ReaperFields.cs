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

    /// <summary>Parked because it has more fields than a script can copy (<see cref="MaxMovableFields"/>), packed.</summary>
    public const string OversizedReason = "oversized";

    /// <summary>
    /// <c>parked_packed_fields</c> on an entry parked as <see cref="OversizedReason"/>: every field of the dead letter, in
    /// order, as one MessagePack array of byte strings (name, value, name, value, …), so nothing of it is lost.
    /// </summary>
    public const string PackedFields = "parked_packed_fields";

    /// <summary><c>parked_field_count</c> on an entry parked as <see cref="OversizedReason"/>: how many fields it had.</summary>
    public const string PackedFieldCount = "parked_field_count";

    /// <summary>
    /// The most fields a dead letter may have to be re-driven or parked field for field. A script passes a new entry's
    /// fields to XADD with Lua's <c>unpack</c>, which stops at 8 000 values (the key, the trim words, <c>*</c> and two per
    /// field, plus the few the reaper appends): beyond this the dead letter is parked packed
    /// (<see cref="PackedFields"/>) instead, rather than staying pending forever.
    /// </summary>
    public const int MaxMovableFields = 3_900;

    /// <summary>
    /// The fields a re-drive leaves out: the dead-letter fields, the parking fields and the old count (a new one is
    /// appended), so the source stream gets the original entry back, field for field.
    /// </summary>
    public static IReadOnlyList<string> NotRedriven { get; } = [.. DeadLetterFields.All, ParkedReason, ParkedAt, Redrives];
}
