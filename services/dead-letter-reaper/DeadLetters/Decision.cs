using System.Globalization;
using Fleet.Redis;

namespace Fleet.DeadLetterReaper.DeadLetters;

/// <summary>
/// One decision of the reaper (a re-drive, a park, a purge or a dead consumer's removal), as the script logs it in the
/// stream's decision log and as the event that announces it is built from. The script adds what only it knows (the id it
/// created, <see cref="EntryIdField"/>; the deleted ids of a purge; a removed consumer's idle time); the other fields
/// come from the caller.
/// </summary>
internal sealed record Decision
{
    public const string Redriven = "redriven";
    public const string Parked = "parked";
    public const string Purged = "purged";
    public const string ConsumerRemoved = "consumer_removed";

    /// <summary>The field the move script adds: the entry's new id in the source stream or in <c>:parked</c>.</summary>
    public const string EntryIdField = "entry_id";

    /// <summary>The field the purge script adds: the deleted ids, comma-separated.</summary>
    public const string EntryIdsField = "entry_ids";

    /// <summary>The field the consumer removal script adds: the removed consumer's idle milliseconds.</summary>
    public const string IdleField = "idle_ms";

    private const string KindField = "kind";
    private const string FromField = "from";
    private const string DeadLetterIdField = "dead_letter_id";
    private const string OriginalEntryIdField = "original_entry_id";
    private const string EventIdField = "event_id";
    private const string EventTypeField = "event_type";
    private const string GroupField = "group";
    private const string ErrorTypeField = "error_type";
    private const string ErrorMessageField = "error_message";
    private const string RedrivesField = "redrives";
    private const string ReasonField = "reason";
    private const string RequestIdField = "request_id";
    private const string MakerField = "maker";
    private const string StreamKeyField = "stream_key";
    private const string ConsumerField = "consumer";

    public required string Kind { get; init; }

    public required string Stream { get; init; }

    /// <summary><c>dlq</c> or <c>parked</c>: where a re-driven entry came from.</summary>
    public string From { get; init; } = "dlq";

    public string DeadLetterId { get; init; } = string.Empty;

    /// <summary>The entry's id in the source stream (re-drive) or <c>:parked</c> (park); set by the script.</summary>
    public string EntryId { get; init; } = string.Empty;

    public string OriginalEntryId { get; init; } = "0-0";

    public string? EventId { get; init; }

    public string? EventType { get; init; }

    public string Group { get; init; } = DeadLetter.Unknown;

    public string ErrorType { get; init; } = DeadLetter.Unknown;

    public string ErrorMessage { get; init; } = string.Empty;

    /// <summary>Re-drives: this one included for a re-drive, before it for a park.</summary>
    public int Redrives { get; init; }

    /// <summary>Why it was parked.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>The operator's request behind it, if any.</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// The instance (Fleet:Events:InstanceName) that made the decision. Only one live process has a name, so a log entry
    /// of this process's own name at its start is a dead predecessor's, safe to publish at once.
    /// </summary>
    public string Maker { get; init; } = string.Empty;

    /// <summary>A removed consumer's key: the stream or its <c>:dlq</c>.</summary>
    public string StreamKey { get; init; } = string.Empty;

    /// <summary>A removed consumer's name.</summary>
    public string Consumer { get; init; } = string.Empty;

    /// <summary>How long a removed consumer had been idle; set by the script.</summary>
    public long IdleMilliseconds { get; init; }

    /// <summary>A purge's deleted ids; set by the script.</summary>
    public IReadOnlyList<string> EntryIds { get; init; } = [];

    /// <summary>Its entry in the decision log, deleted once the event is published.</summary>
    public RedisStreamId LogId { get; init; }

    /// <summary>A decision about <paramref name="letter"/>.</summary>
    public static Decision About(DeadLetter letter, string kind, string from, int redrives, string reason = "", string? requestId = null) => new()
    {
        Kind = kind,
        Stream = letter.Stream,
        From = from,
        DeadLetterId = letter.Id.ToString(),
        OriginalEntryId = letter.OriginalEntryId,
        EventId = letter.EventId,
        EventType = letter.EventType,
        Group = letter.Group,
        ErrorType = letter.ErrorType,
        ErrorMessage = letter.ErrorMessage,
        Redrives = redrives,
        Reason = reason,
        RequestId = requestId,
    };

    /// <summary>The field/value pairs the script writes to the log (after the id fields it adds itself).</summary>
    public void AppendFields(List<RedisValue> arguments)
    {
        arguments.AddRange(
        [
            KindField, Kind, FromField, From, DeadLetterIdField, DeadLetterId, OriginalEntryIdField, OriginalEntryId,
            EventIdField, EventId ?? string.Empty, EventTypeField, EventType ?? string.Empty, GroupField, Group,
            ErrorTypeField, ErrorType, ErrorMessageField, ErrorMessage, RedrivesField, Redrives, ReasonField, Reason,
            RequestIdField, RequestId ?? string.Empty, MakerField, Maker, StreamKeyField, StreamKey, ConsumerField, Consumer,
        ]);
    }

    /// <summary>A decision read back from the log of <paramref name="stream"/> (one the reaper did not get to publish).</summary>
    public static Decision Read(string stream, StreamEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string Text(string name) => entry[name].IsNull ? string.Empty : entry[name].ToString();
        string? Optional(string name) => Text(name) is { Length: > 0 } text ? text : null;
        return new Decision
        {
            Kind = Text(KindField),
            Stream = stream,
            From = Text(FromField),
            DeadLetterId = Text(DeadLetterIdField),
            EntryId = Text(EntryIdField),
            OriginalEntryId = Text(OriginalEntryIdField),
            EventId = Optional(EventIdField),
            EventType = Optional(EventTypeField),
            Group = Text(GroupField),
            ErrorType = Text(ErrorTypeField),
            ErrorMessage = Text(ErrorMessageField),
            Redrives = int.TryParse(Text(RedrivesField), NumberStyles.None, CultureInfo.InvariantCulture, out var redrives) ? redrives : 0,
            Reason = Text(ReasonField),
            RequestId = Optional(RequestIdField),
            Maker = Text(MakerField),
            StreamKey = Text(StreamKeyField),
            Consumer = Text(ConsumerField),
            IdleMilliseconds = long.TryParse(Text(IdleField), NumberStyles.None, CultureInfo.InvariantCulture, out var idle) ? idle : 0,
            EntryIds = Text(EntryIdsField).Split(',', StringSplitOptions.RemoveEmptyEntries),
            LogId = entry.Id,
        };
    }
}
