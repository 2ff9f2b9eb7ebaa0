using Fleet.EndToEnd.Tests.Receivers;
using Google.Protobuf;

namespace Fleet.EndToEnd.Tests.Harness;

/// <summary>The receiver's hand-written OTLP decoding, on a request encoded field by field as the exporters write it.</summary>
public sealed class OtlpTraceDecoderTests
{
    [Fact]
    public void Decode_RequestWithResourceAndSpans_ReadsServiceNameIdsKindAndStringAttributes()
    {
        var traceId = Convert.FromHexString("0af7651916cd43dd8448eb211c80319c");
        var parent = Convert.FromHexString("b7ad6b7169203331");
        var child = Convert.FromHexString("00f067aa0ba902b7");
        var resource = Message(w => w.Write(1, KeyValue("service.name", "notifier")), w => w.Write(1, KeyValue("service.instance.id", "notifier-1")));
        var consumer = Message(
            w => w.Write(1, traceId),
            w => w.Write(2, child),
            w => w.Write(4, parent),
            w => w.Write(5, "process notification.events"),
            w => w.WriteVarint(6, 5),
            w => w.WriteFixed64(7, 1_700_000_000_000_000_000),
            w => w.Write(9, KeyValue("messaging.destination.name", "notification.events")),
            w => w.Write(9, Message(x => x.Write(1, "messaging.batch.message_count"), x => x.Write(2, Message(y => y.WriteVarint(3, 1))))));
        var root = Message(w => w.Write(1, traceId), w => w.Write(2, parent), w => w.Write(5, "publish notification.events"), w => w.WriteVarint(6, 4));
        var scope = Message(w => w.Write(1, Message(x => x.Write(1, "Fleet.Events"))), w => w.Write(2, consumer), w => w.Write(2, root));
        var request = Message(w => w.Write(1, Message(x => x.Write(1, resource), x => x.Write(2, scope), x => x.Write(3, "https://opentelemetry.io/schemas/1.4.0"))));

        var spans = OtlpTraceDecoder.Decode(request);

        Assert.Equal(2, spans.Count);
        var first = spans[0];
        Assert.Equal("notifier", first.ServiceName);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", first.TraceId);
        Assert.Equal("00f067aa0ba902b7", first.SpanId);
        Assert.Equal("b7ad6b7169203331", first.ParentSpanId);
        Assert.Equal("process notification.events", first.Name);
        Assert.Equal(SpanKind.Consumer, first.Kind);
        Assert.Equal("notification.events", Assert.Single(first.Attributes).Value);
        Assert.Equal(string.Empty, spans[1].ParentSpanId);
        Assert.Equal(SpanKind.Producer, spans[1].Kind);
    }

    private static byte[] KeyValue(string key, string value) => Message(w => w.Write(1, key), w => w.Write(2, Message(x => x.Write(1, value))));

    private static byte[] Message(params Action<Writer>[] fields)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            var writer = new Writer(output);
            foreach (var field in fields)
            {
                field(writer);
            }
        }

        return buffer.ToArray();
    }

    private sealed class Writer(CodedOutputStream output)
    {
        public void Write(int field, byte[] bytes)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(bytes));
        }

        public void Write(int field, string text)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(text);
        }

        public void WriteVarint(int field, int value)
        {
            output.WriteTag(field, WireFormat.WireType.Varint);
            output.WriteInt32(value);
        }

        public void WriteFixed64(int field, ulong value)
        {
            output.WriteTag(field, WireFormat.WireType.Fixed64);
            output.WriteFixed64(value);
        }
    }
}
