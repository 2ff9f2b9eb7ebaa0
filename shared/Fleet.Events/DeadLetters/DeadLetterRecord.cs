using System.Globalization;
using Fleet.Redis;

namespace Fleet.Events;

/// <summary>
/// One entry of a stream's <c>:dlq</c> or <c>:parked</c>, read field by field: the original entry's fields, then the
/// <see cref="DeadLetterFields"/> Fleet.Events' dead-lettering wrote, then, on a parked entry, dead-letter-reaper's
/// <see cref="DeadLetterFields.ParkedReason"/> and <see cref="DeadLetterFields.ParkedAt"/>. Dead letters are not trusted
/// envelopes (anyone may XADD to <c>:dlq</c>, and a malformed entry is dead-lettered as it came), so nothing is decoded as
/// an event and reading never throws: each value is the text as recorded (the first field of that name), or null when the
/// entry has no such field; the typed values (<see cref="FailedAtTime"/>, <see cref="Redrives"/>, …) are null or 0 when
/// the text does not read. What to show for a missing or odd value is the reader's presentation.
/// </summary>
public sealed class DeadLetterRecord
{
    private DeadLetterRecord(string stream, StreamEntry entry)
    {
        Stream = stream;
        Entry = entry;
    }

    /// <summary>The source stream's name, e.g. <c>contextual.events</c> (from the key the entry was read from).</summary>
    public string Stream { get; }

    /// <summary>The entry as read: its id in <c>:dlq</c> or <c>:parked</c> and every field in order.</summary>
    public StreamEntry Entry { get; }

    /// <summary>Its id in <c>:dlq</c> or <c>:parked</c>.</summary>
    public RedisStreamId Id => Entry.Id;

    /// <summary>The envelope's <c>id</c> as recorded (a ULID when the entry was an envelope).</summary>
    public string? EventId => Text(EnvelopeFields.Id);

    /// <summary>The envelope's <c>type</c> as recorded.</summary>
    public string? EventType => Text(EnvelopeFields.Type);

    /// <summary><c>dlq_source_stream</c>.</summary>
    public string? SourceStream => Text(DeadLetterFields.SourceStream);

    /// <summary><c>dlq_entry_id</c>: the entry's id in the source stream, as recorded.</summary>
    public string? OriginalEntryId => Text(DeadLetterFields.EntryId);

    /// <summary><c>dlq_group</c>.</summary>
    public string? Group => Text(DeadLetterFields.Group);

    /// <summary><c>dlq_consumer</c>.</summary>
    public string? Consumer => Text(DeadLetterFields.Consumer);

    /// <summary><c>dlq_delivery_count</c> when it is a count.</summary>
    public long? DeliveryCount => long.TryParse(Text(DeadLetterFields.DeliveryCount), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    /// <summary><c>dlq_error_type</c> (<see cref="DeadLetterErrorTypes"/>).</summary>
    public string? ErrorType => Text(DeadLetterFields.ErrorType);

    /// <summary><c>dlq_error_message</c>.</summary>
    public string? ErrorMessage => Text(DeadLetterFields.ErrorMessage);

    /// <summary><c>dlq_exception</c>.</summary>
    public string? Exception => Text(DeadLetterFields.Exception);

    /// <summary><c>dlq_failed_at</c> as recorded (RFC 3339 UTC).</summary>
    public string? FailedAt => Text(DeadLetterFields.FailedAt);

    /// <summary><see cref="FailedAt"/> as a time in UTC, when it reads as one.</summary>
    public DateTimeOffset? FailedAtTime => Time(FailedAt);

    /// <summary><c>fleet_redrives</c>: how often dead-letter-reaper re-drove the entry before; 0 when missing or not a count.</summary>
    public int Redrives => int.TryParse(Text(DeadLetterFields.Redrives), NumberStyles.None, CultureInfo.InvariantCulture, out var redrives) ? redrives : 0;

    /// <summary><c>parked_reason</c> of a parked entry.</summary>
    public string? ParkedReason => Text(DeadLetterFields.ParkedReason);

    /// <summary><c>parked_at</c> of a parked entry, as recorded.</summary>
    public string? ParkedAt => Text(DeadLetterFields.ParkedAt);

    /// <summary>Reads <paramref name="entry"/> of <paramref name="stream"/>'s <c>:dlq</c> or <c>:parked</c>.</summary>
    public static DeadLetterRecord Read(string stream, StreamEntry entry)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(entry);
        return new DeadLetterRecord(stream, entry);
    }

    /// <summary>The text of the first field named <paramref name="name"/>, or null.</summary>
    public string? Text(string name) => Entry[name] is { IsNull: false } value ? value.ToString() : null;

    /// <summary>Every field as text, a repeated name (a hostile producer's) keeping its first value.</summary>
    public IReadOnlyDictionary<string, string> FieldTexts()
    {
        var fields = new Dictionary<string, string>(Entry.Fields.Count, StringComparer.Ordinal);
        foreach (var field in Entry.Fields)
        {
            fields.TryAdd(field.Name, field.Value.ToString());
        }

        return fields;
    }

    /// <summary>Whether the entry passes the filters (null: any), compared as recorded.</summary>
    public bool Matches(string? errorType, string? eventType) =>
        (errorType is null || errorType == ErrorType) && (eventType is null || eventType == EventType);

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;
}
