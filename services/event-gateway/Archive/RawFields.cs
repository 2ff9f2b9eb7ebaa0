using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Fleet.Redis;

namespace Fleet.EventGateway.Archive;

/// <summary>
/// An entry's fields as JSON that PostgreSQL's jsonb always accepts, keeping what an object would lose (order, repeated
/// names): <c>[[name, value], …]</c>. A name or value that is not UTF-8 text, or holds U+0000 (which jsonb refuses), is
/// written as <c>{"base64": "…"}</c> of its bytes.
/// </summary>
internal static class RawFields
{
    /// <summary>The fields of <paramref name="fields"/> as a JSON array of pairs.</summary>
    public static string Json(IReadOnlyList<StreamField> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var field in fields)
            {
                writer.WriteStartArray();
                Value(writer, field.NameBytes);
                Value(writer, field.Value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The fields outside the envelope (<paramref name="isEnvelope"/> false) as one JSON object of strings (the last of a repeated name wins); null when there are none.</summary>
    public static string? Object(IReadOnlyList<StreamField> fields, Func<string, bool> isEnvelope)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var any = false;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = fields.Count - 1; i >= 0; i--)
            {
                var field = fields[i];
                if (field.HasBinaryName || isEnvelope(field.Name) || !seen.Add(field.Name) || !IsText(field.Value.AsMemory().Span))
                {
                    continue;
                }

                writer.WriteString(field.Name, field.Value.AsMemory().Span);
                any = true;
            }

            writer.WriteEndObject();
        }

        return any ? Encoding.UTF8.GetString(buffer.WrittenSpan) : null;
    }

    /// <summary>Whether <paramref name="utf8"/> is UTF-8 text that jsonb can hold as a string (no U+0000).</summary>
    public static bool IsText(ReadOnlySpan<byte> utf8) => Utf8.IsValid(utf8) && !utf8.Contains((byte)0);

    private static void Value(Utf8JsonWriter writer, RedisValue value)
    {
        var bytes = value.AsMemory().Span;
        if (IsText(bytes))
        {
            writer.WriteStringValue(bytes);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteBase64String("base64", bytes);
            writer.WriteEndObject();
        }
    }
}
