using System.Text.Json;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.EventGateway.Dashboard.Tail;

/// <summary>
/// Reads a stream entry for the live tail. Anyone may XADD anything to a stream, so an entry that is no envelope
/// (DESIGN.md section 3) is shown as its raw fields with the reason, never thrown.
/// </summary>
internal static class TailEventDecoder
{
    public static TailEvent Decode(string stream, StreamEntry entry)
    {
        EventEnvelope envelope;
        JsonElement data;
        try
        {
            envelope = EnvelopeCodec.Decode(entry.Fields);
            // Decode checked that data is a JSON object; the copy outlives the document.
            using var document = JsonDocument.Parse(envelope.Data);
            data = document.RootElement.Clone();
        }
        catch (Exception e) when (e is MalformedEventException or JsonException)
        {
            return new TailEvent
            {
                Stream = stream,
                EntryId = entry.Id.ToString(),
                Malformed = e.Message,
                Fields = [.. entry.Fields.Select(f => KeyValuePair.Create(f.Name, f.Value.ToString()))],
            };
        }

        return new TailEvent
        {
            Stream = stream,
            EntryId = entry.Id.ToString(),
            Id = envelope.Id.ToString(),
            Type = envelope.Type,
            Version = envelope.Version,
            Timestamp = envelope.Timestamp,
            CorrelationId = envelope.CorrelationId?.ToString(),
            CausationId = envelope.CausationId?.ToString(),
            UserId = envelope.UserId,
            Data = data,
            Metadata = envelope.Metadata,
            TraceParent = envelope.TraceParent,
        };
    }
}
