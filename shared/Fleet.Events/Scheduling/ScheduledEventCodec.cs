using System.Buffers;
using System.Text;
using System.Text.Json;
using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <summary>
/// A delayed event as one sorted-set member: a JSON array of alternating field names and values,
/// <c>["id","01J…","type","file.uploaded",…]</c>. The release script reads it with Lua's cjson and passes the
/// pairs straight to XADD, so the entry on the stream is field for field what the publisher built. The event's
/// ULID is in the member, so two delayed events never collapse into one.
/// </summary>
internal static class ScheduledEventCodec
{
    public static string Encode(IReadOnlyList<StreamField> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var field in fields)
            {
                writer.WriteStringValue(field.Name);
                // Values are UTF-8 text (the envelope is all text and JSON), so they round-trip as JSON strings.
                writer.WriteStringValue(field.Value.AsMemory().Span);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static StreamField[] Decode(string member)
    {
        using var document = JsonDocument.Parse(member);
        var array = document.RootElement;
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() % 2 != 0)
        {
            throw new FormatException("A scheduled event is a JSON array of field names and values.");
        }

        var fields = new StreamField[array.GetArrayLength() / 2];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = new StreamField(array[2 * i].GetString()!, array[(2 * i) + 1].GetString());
        }

        return fields;
    }
}
