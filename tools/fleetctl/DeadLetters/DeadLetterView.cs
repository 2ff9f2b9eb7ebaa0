using System.Text.Json.Nodes;
using Fleet.Ctl.Output;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Ctl.DeadLetters;

/// <summary>
/// A dead letter or parked entry read field by field. Dead letters are not trusted envelopes (anyone may XADD to
/// <c>:dlq</c>), so nothing is decoded as an event: a missing field is shown as missing.
/// </summary>
internal sealed record DeadLetterView(string Stream, string Kind, StreamEntry Entry)
{
    /// <summary>The field dead-letter-reaper counts re-drives in (docs/services/dead-letter-reaper.md).</summary>
    private const string RedrivesField = "fleet_redrives";

    public string? EventId => Text(EnvelopeFields.Id);

    public string? EventType => Text(EnvelopeFields.Type);

    public string? ErrorType => Text(DeadLetterFields.ErrorType);

    public string? Error => Text(DeadLetterFields.ErrorMessage);

    public string? Group => Text(DeadLetterFields.Group);

    public string? FailedAt => Text(DeadLetterFields.FailedAt);

    public string? Redrives => Text(RedrivesField);

    /// <summary>Whether the entry passes the filters (null: any).</summary>
    public bool Matches(string? errorType, string? eventType) =>
        (errorType is null || errorType == ErrorType) && (eventType is null || eventType == EventType);

    /// <summary>The gateway's dead-letter shape (camelCase), with every field of the entry.</summary>
    public JsonObject ToJson() => new()
    {
        ["stream"] = Stream,
        ["kind"] = Kind,
        ["entryId"] = Entry.Id.ToString(),
        ["eventId"] = EventId,
        ["type"] = EventType,
        ["errorType"] = ErrorType,
        ["error"] = Error,
        ["group"] = Group,
        ["failedAt"] = FailedAt,
        ["redrives"] = Redrives,
        ["fields"] = EntryView.RawFields(Entry.Fields),
    };

    private string? Text(string field) => Entry[field] is { IsNull: false } value ? value.ToString() : null;
}
