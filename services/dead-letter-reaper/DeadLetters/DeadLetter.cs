using Fleet.Events;
using Fleet.Redis;
using NUlid;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>
/// What the reaper makes of an entry of <c>:dlq</c> or <c>:parked</c> (read by Fleet.Events' <see cref="DeadLetterRecord"/>,
/// as the gateway and fleetctl read it): its announcements' values. Dead letters are not trusted envelopes, so every value
/// is checked here: one that does not read becomes "unknown", never an exception that would leave the entry pending.
/// </summary>
internal sealed class DeadLetter
{
    /// <summary>The error type and group of a dead letter that does not say.</summary>
    public const string Unknown = "unknown";

    /// <summary>The reason of a dead letter that gives none.</summary>
    public const string NoReason = "(the dead letter gives no reason)";

    // The contracts' limits (DeadLetterParked): a reason is cut rather than refused.
    private const int MaxMessageLength = 2000;
    private const int MaxNameLength = 64;

    private DeadLetter(string stream, RedisStreamId id)
    {
        Stream = stream;
        Id = id;
    }

    /// <summary>The source stream's name (from the key the entry was read from, not from its own fields).</summary>
    public string Stream { get; }

    /// <summary>Its id in <c>:dlq</c> or <c>:parked</c>.</summary>
    public RedisStreamId Id { get; }

    /// <summary><c>dlq_error_type</c>, or <see cref="Unknown"/>.</summary>
    public string ErrorType { get; private init; } = Unknown;

    /// <summary><c>dlq_group</c>, or <see cref="Unknown"/>.</summary>
    public string Group { get; private init; } = Unknown;

    /// <summary><c>dlq_error_message</c>, at most 2 000 characters; <see cref="NoReason"/> when missing or blank.</summary>
    public string ErrorMessage { get; private init; } = NoReason;

    /// <summary><c>dlq_entry_id</c> when it is an entry id, else <c>0-0</c>.</summary>
    public string OriginalEntryId { get; private init; } = "0-0";

    /// <summary>The envelope's <c>id</c> when it is a ULID.</summary>
    public string? EventId { get; private init; }

    /// <summary>The envelope's <c>type</c> when it is a type name.</summary>
    public string? EventType { get; private init; }

    /// <summary><c>dlq_failed_at</c> when it is a date-time.</summary>
    public DateTimeOffset? FailedAt { get; private init; }

    /// <summary><c>fleet_redrives</c>: how often the entry was re-driven before; 0 when missing or not a count.</summary>
    public int Redrives { get; private init; }

    /// <summary>Reads <paramref name="entry"/> of <paramref name="stream"/>'s <c>:dlq</c> or <c>:parked</c>.</summary>
    public static DeadLetter Read(string stream, StreamEntry entry)
    {
        var record = DeadLetterRecord.Read(stream, entry);
        var (type, errorType, group) = (record.EventType, record.ErrorType, record.Group);
        // The announcements require a reason: a dead letter written without one says so rather than being dropped.
        var message = record.ErrorMessage is { } given && !string.IsNullOrWhiteSpace(given) ? given : NoReason;
        return new DeadLetter(stream, entry.Id)
        {
            ErrorType = IsName(errorType) ? errorType! : Unknown,
            Group = !string.IsNullOrWhiteSpace(group) && group.Length <= 200 ? group : Unknown,
            ErrorMessage = message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength), "…"),
            OriginalEntryId = RedisStreamId.TryParse(record.OriginalEntryId, out var original) ? original.ToString() : "0-0",
            EventId = Ulid.TryParse(record.EventId, out var ulid) ? ulid.ToString() : null,
            EventType = EnvelopeCodec.IsValidTypeName(type) ? type : null,
            FailedAt = record.FailedAtTime,
            Redrives = record.Redrives,
        };
    }

    /// <summary>Whether the error type is a policy name: lower-case letters and '_', as <c>Reaper:Policies</c> keys are.</summary>
    public static bool IsName(string? value) =>
        value is { Length: > 0 and <= MaxNameLength } && value.All(c => c is (>= 'a' and <= 'z') or '_');
}
