using System.Text;
using Fleet.Redis;

namespace Fleet.Events.RequestReply;

/// <summary>
/// Reads an entry's routing key, (type, correlation id), without decoding the envelope and without allocating:
/// the reader looks at every entry of its stream, and most are not answers to a wait of this process. Type names
/// are kept once each (a stream carries few types), so a remembered key does not hold a string per entry.
/// Used by one reader's loop only.
/// </summary>
internal sealed class ResponseRouting
{
    // Type names are at most 200 characters (EnvelopeCodec.IsValidTypeName); a ULID is 26.
    private const int MaxTypeBytes = 200;
    private const int MaxKnownTypes = 1_024;

    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _typesBySpan;

    public ResponseRouting() => _typesBySpan = _types.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The entry's type and correlation id; false for an entry without a correlation id (not a response), and for
    /// one whose type or correlation id cannot be a valid value (such an entry can never answer a wait).
    /// </summary>
    public bool TryRead(IReadOnlyList<StreamField> fields, out string type, out Ulid correlationId)
    {
        type = string.Empty;
        correlationId = default;
        RedisValue typeValue = default, correlationValue = default;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (string.Equals(field.Name, EnvelopeFields.CorrelationId, StringComparison.Ordinal))
            {
                correlationValue = field.Value;
            }
            else if (string.Equals(field.Name, EnvelopeFields.Type, StringComparison.Ordinal))
            {
                typeValue = field.Value;
            }
        }

        if (correlationValue.IsNullOrEmpty || typeValue.IsNullOrEmpty)
        {
            return false;
        }

        Span<byte> correlationBytes = stackalloc byte[32];
        if (correlationValue.GetByteCount() > correlationBytes.Length
            || !Ulid.TryParse(correlationBytes[..correlationValue.CopyTo(correlationBytes)], out correlationId))
        {
            return false;
        }

        Span<byte> typeBytes = stackalloc byte[MaxTypeBytes];
        if (typeValue.GetByteCount() > typeBytes.Length)
        {
            return false;
        }

        typeBytes = typeBytes[..typeValue.CopyTo(typeBytes)];
        Span<char> typeChars = stackalloc char[MaxTypeBytes];
        if (!Encoding.UTF8.TryGetChars(typeBytes, typeChars, out var length))
        {
            return false;
        }

        type = Intern(typeChars[..length]);
        return true;
    }

    private string Intern(ReadOnlySpan<char> name)
    {
        if (_typesBySpan.TryGetValue(name, out var known))
        {
            return known;
        }

        var text = name.ToString();
        if (_types.Count < MaxKnownTypes)
        {
            _types.Add(text, text);
        }

        return text;
    }
}
