using System.Globalization;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// Turns one stream entry into the row that archives it: an <see cref="EventRow"/> for a valid envelope of an archived
/// type on a stream, an <see cref="EntryRow"/> for a dead letter, a parked entry or an entry that is not a valid envelope
/// (kept as it came, with the reason), or nothing for a type the filters leave out. Never throws for what an entry holds.
/// </summary>
internal sealed class ArchiveEntryDecoder(ArchiveSelection selection)
{
    private static readonly HashSet<string> EnvelopeNames = [.. EnvelopeFields.All];

    public ArchiveDecoded Decode(ArchiveSource source, StreamEntry entry, DateTimeOffset archivedAt)
    {
        EventEnvelope envelope;
        try
        {
            envelope = EnvelopeCodec.Decode(entry.Fields);
        }
        catch (MalformedEventException e)
        {
            return new(null, Raw(source, entry, e.Message, archivedAt), e.Message);
        }

        if (source.Kind == ArchiveKind.Event && !selection.Admits(source.Stream, envelope.Type))
        {
            return new(null, null, null);
        }

        var data = entry[EnvelopeFields.Data].ToString();
        var metadata = entry[EnvelopeFields.Metadata] is { IsNullOrEmpty: false } value ? value.ToString() : null;

        // Valid JSON that jsonb refuses: it cannot hold U+0000 in a string. Kept as raw fields instead of failing the batch.
        if (HoldsNul(data) || (metadata is not null && HoldsNul(metadata)))
        {
            const string reason = "Its data or metadata holds \\u0000, which PostgreSQL's jsonb cannot store.";
            return new(null, Raw(source, entry, reason, archivedAt), reason);
        }

        if (source.Kind == ArchiveKind.Event)
        {
            return new(Event(source, entry, envelope, data, metadata, archivedAt), null, null);
        }

        return new(null, DeadLetter(source, entry, archivedAt) with
        {
            At = envelope.Timestamp,
            Id = envelope.Id.ToString(),
            Type = envelope.Type,
            Version = envelope.Version,
            Timestamp = envelope.Timestamp,
            CorrelationId = envelope.CorrelationId?.ToString(),
            CausationId = envelope.CausationId?.ToString(),
            UserId = envelope.UserId,
            Data = data,
            Metadata = metadata,
            TraceParent = envelope.TraceParent,
            TraceState = envelope.TraceState,
        }, null);
    }

    /// <summary>An entry archived as it came: its fields, the reason, and (for a dead letter) the reasons it carries.</summary>
    public static EntryRow Raw(ArchiveSource source, StreamEntry entry, string error, DateTimeOffset archivedAt) =>
        DeadLetter(source, entry, archivedAt) with { Fields = RawFields.Json(entry.Fields), Error = error };

    private static EventRow Event(ArchiveSource source, StreamEntry entry, EventEnvelope envelope, string data, string? metadata, DateTimeOffset archivedAt) =>
        new(
            envelope.Id.ToString(),
            envelope.Type,
            envelope.Version,
            envelope.Timestamp,
            envelope.CorrelationId?.ToString(),
            envelope.CausationId?.ToString(),
            envelope.UserId,
            source.Stream,
            entry.Id.ToString(),
            data,
            metadata,
            envelope.TraceParent,
            envelope.TraceState,
            archivedAt);

    /// <summary>The row's key and, for a dead letter or parked entry, the fields outside the envelope and the failure.</summary>
    private static EntryRow DeadLetter(ArchiveSource source, StreamEntry entry, DateTimeOffset archivedAt)
    {
        var failedAt = source.Kind == ArchiveKind.Event ? null : Time(entry[DeadLetterFields.FailedAt]);
        return new EntryRow
        {
            Stream = source.Stream,
            Kind = source.Kind,
            EntryId = entry.Id.ToString(),
            At = failedAt ?? archivedAt,
            Reasons = source.Kind == ArchiveKind.Event ? null : RawFields.Object(entry.Fields, EnvelopeNames.Contains),
            ErrorType = source.Kind == ArchiveKind.Event || entry[DeadLetterFields.ErrorType].IsNullOrEmpty ? null : entry[DeadLetterFields.ErrorType].ToString(),
            FailedAt = failedAt,
            ArchivedAt = archivedAt,
        };
    }

    private static DateTimeOffset? Time(RedisValue value) =>
        !value.IsNullOrEmpty && DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    // "\u0000" in any case of its hex digits; a false alarm (an escaped backslash before "u0000") only archives the
    // entry as raw fields, never loses it.
    private static bool HoldsNul(string json) =>
        json.Contains("\\u0000", StringComparison.OrdinalIgnoreCase);
}
