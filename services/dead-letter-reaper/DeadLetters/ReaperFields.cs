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
