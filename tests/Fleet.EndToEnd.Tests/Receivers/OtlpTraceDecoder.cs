using Google.Protobuf;

namespace Fleet.EndToEnd.Tests.Receivers;

/// <summary>
/// Reads the parts of an OTLP <c>ExportTraceServiceRequest</c> the tests need, field by field with
/// <see cref="CodedInputStream"/> (the generated OpenTelemetry.Proto classes are not a package here). Field numbers are
/// those of opentelemetry/proto/{collector/trace,trace,resource,common}/v1; every other field is skipped.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static IReadOnlyList<ReceivedSpan> Decode(byte[] request)
    {
        var spans = new List<ReceivedSpan>();
        // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
        foreach (var (field, value) in Fields(request))
        {
            if (field == 1)
            {
                ReadResourceSpans(value, spans);
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ByteString message, List<ReceivedSpan> spans)
    {
        // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
        var serviceName = string.Empty;
        var scopes = new List<ByteString>();
        foreach (var (field, value) in Fields(message.ToByteArray()))
        {
            switch (field)
            {
                case 1:
                    // Resource { repeated KeyValue attributes = 1; }
                    serviceName = Attributes(value, 1).GetValueOrDefault("service.name", string.Empty);
                    break;
                case 2:
                    scopes.Add(value);
                    break;
            }
        }

        foreach (var scope in scopes)
        {
            // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
            foreach (var (field, value) in Fields(scope.ToByteArray()))
            {
                if (field == 2)
                {
                    spans.Add(ReadSpan(serviceName, value));
                }
            }
        }
    }

    private static ReceivedSpan ReadSpan(string serviceName, ByteString message)
    {
        // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
        //        repeated KeyValue attributes = 9; }
        string traceId = string.Empty, spanId = string.Empty, parentSpanId = string.Empty, name = string.Empty;
        var kind = SpanKind.Unspecified;
        var input = new CodedInputStream(message.ToByteArray());
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    traceId = Hex(input.ReadBytes());
                    break;
                case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    spanId = Hex(input.ReadBytes());
                    break;
                case 4 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    parentSpanId = Hex(input.ReadBytes());
                    break;
                case 5 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    name = input.ReadString();
                    break;
                case 6 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint:
                    kind = (SpanKind)input.ReadEnum();
                    break;
                case 9 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    if (KeyValue(input.ReadBytes()) is (string key, string value))
                    {
                        attributes[key] = value;
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new ReceivedSpan(serviceName, traceId, spanId, parentSpanId, name, kind, attributes);
    }

    /// <summary>The string-valued <c>KeyValue</c>s in field <paramref name="number"/> of <paramref name="message"/>.</summary>
    private static Dictionary<string, string> Attributes(ByteString message, int number)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in Fields(message.ToByteArray()))
        {
            if (field == number && KeyValue(value) is (string key, string text))
            {
                attributes[key] = text;
            }
        }

        return attributes;
    }

    /// <summary>KeyValue { string key = 1; AnyValue value = 2; } with AnyValue { string string_value = 1; ... }; null unless a string.</summary>
    private static (string Key, string Value)? KeyValue(ByteString message)
    {
        string? key = null, text = null;
        foreach (var (field, value) in Fields(message.ToByteArray()))
        {
            if (field == 1)
            {
                key = value.ToStringUtf8();
            }
            else if (field == 2)
            {
                foreach (var (anyField, anyValue) in Fields(value.ToByteArray()))
                {
                    if (anyField == 1)
                    {
                        text = anyValue.ToStringUtf8();
                    }
                }
            }
        }

        return key is not null && text is not null ? (key, text) : null;
    }

    /// <summary>The length-delimited fields of a message (sub-messages, strings, bytes); other wire types are skipped.</summary>
    private static List<(int Field, ByteString Value)> Fields(byte[] message)
    {
        var fields = new List<(int, ByteString)>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                fields.Add((WireFormat.GetTagFieldNumber(tag), input.ReadBytes()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return fields;
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
