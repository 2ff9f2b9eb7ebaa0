using System.Text.Json.Nodes;
using Fleet.Ctl.Output;
using Fleet.Events;

namespace Fleet.Ctl.DeadLetters;

/// <summary>
/// How fleetctl shows a dead letter or parked entry, read by Fleet.Events' <see cref="DeadLetterRecord"/> (as the reaper
/// and the gateway read them): field by field, never decoded as an event; a missing field is shown as missing.
/// </summary>
internal sealed record DeadLetterView(string Kind, DeadLetterRecord Letter)
{
    /// <summary>The gateway's dead-letter shape (camelCase), with every field of the entry.</summary>
    public JsonObject ToJson() => new()
    {
        ["stream"] = Letter.Stream,
        ["kind"] = Kind,
        ["entryId"] = Letter.Id.ToString(),
        ["eventId"] = Letter.EventId,
        ["type"] = Letter.EventType,
        ["errorType"] = Letter.ErrorType,
        ["error"] = Letter.ErrorMessage,
        ["group"] = Letter.Group,
        ["failedAt"] = Letter.FailedAt,
        ["redrives"] = Letter.Redrives,
        ["fields"] = EntryView.RawFields(Letter.Entry.Fields),
    };
}
