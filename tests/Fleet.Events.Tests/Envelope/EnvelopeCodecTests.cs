using System.Text;
using Fleet.Redis;

namespace Fleet.Events.Tests.Envelope;

public sealed partial class EnvelopeCodecTests
{
    private static EventEnvelope Sample() => new()
    {
        Id = Ulid.Parse("01JD0000000000000000000001"),
        Type = "file.uploaded",
        Version = 2,
        Timestamp = new DateTimeOffset(2026, 11, 22, 10, 30, 45, 123, TimeSpan.Zero),
        CorrelationId = Ulid.Parse("01JD0000000000000000000002"),
        CausationId = Ulid.Parse("01JD0000000000000000000003"),
        UserId = "user-7",
        Data = """{"file_id":"f-1"}"""u8.ToArray(),
        Metadata = new Dictionary<string, string> { ["source"] = "api" },
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        TraceState = "vendor=1",
    };

    [Fact]
    public void Encode_FullEnvelope_WritesEveryFieldInDesignOrder()
    {
        var fields = EnvelopeCodec.Encode(Sample());

        Assert.Equal(EnvelopeFields.All, fields.Select(f => f.Name));
        Assert.Equal("01JD0000000000000000000001", fields[0].Value.ToString());
        Assert.Equal("file.uploaded", fields[1].Value.ToString());
        Assert.Equal("2", fields[2].Value.ToString());
        Assert.Equal("2026-11-22T10:30:45.123Z", fields[3].Value.ToString());
        Assert.Equal("01JD0000000000000000000002", fields[4].Value.ToString());
        Assert.Equal("01JD0000000000000000000003", fields[5].Value.ToString());
        Assert.Equal("user-7", fields[6].Value.ToString());
        Assert.Equal("""{"file_id":"f-1"}""", fields[7].Value.ToString());
        Assert.Equal("""{"source":"api"}""", fields[8].Value.ToString());
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", fields[9].Value.ToString());
        Assert.Equal("vendor=1", fields[10].Value.ToString());
    }

    [Fact]
    public void Decode_EncodedEnvelope_RoundTrips()
    {
        var original = Sample();

        var decoded = EnvelopeCodec.Decode(AsReceived(EnvelopeCodec.Encode(original)));

        Assert.Equal(original.Id, decoded.Id);
        Assert.Equal(original.Type, decoded.Type);
        Assert.Equal(original.Version, decoded.Version);
        Assert.Equal(original.Timestamp, decoded.Timestamp);
        Assert.Equal(original.CorrelationId, decoded.CorrelationId);
        Assert.Equal(original.CausationId, decoded.CausationId);
        Assert.Equal(original.UserId, decoded.UserId);
        Assert.Equal(original.Data.ToArray(), decoded.Data.ToArray());
        Assert.Equal("api", decoded.Metadata!["source"]);
        Assert.Equal(original.TraceParent, decoded.TraceParent);
        Assert.Equal(original.TraceState, decoded.TraceState);
    }

    [Fact]
    public void Decode_OptionalFieldsEmpty_ReadsThemAsNull()
    {
        var minimal = Sample() with { CorrelationId = null, CausationId = null, UserId = null, Metadata = null, TraceParent = null, TraceState = null };

        var decoded = EnvelopeCodec.Decode(AsReceived(EnvelopeCodec.Encode(minimal)));

        Assert.Null(decoded.CorrelationId);
        Assert.Null(decoded.CausationId);
        Assert.Null(decoded.UserId);
        Assert.Null(decoded.Metadata);
        Assert.Null(decoded.TraceParent);
    }

    [Fact]
    public void Decode_FieldsInAnotherOrderFromAnotherProducer_ReadsThem()
    {
        StreamField[] fields =
        [
            new("data", """{"a":1}"""), new("version", "1"), new("type", "market.data.collected"),
            new("timestamp", "2026-11-22T10:30:45Z"), new("id", "01JD0000000000000000000009"), new("extra", "kept in the stream"),
        ];

        var decoded = EnvelopeCodec.Decode(fields);

        Assert.Equal("market.data.collected", decoded.Type);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 30, 45, TimeSpan.Zero), decoded.Timestamp);
    }

    [Theory]
    [InlineData("id", null, "no 'id' field")]
    [InlineData("id", "not-a-ulid", "Field 'id' is not a ULID")]
    [InlineData("type", "File.Uploaded", "Field 'type' is not a dotted lower-case name")]
    [InlineData("type", null, "no 'type' field")]
    [InlineData("version", "0", "Field 'version' is not an integer of 1 or more")]
    [InlineData("version", "x", "Field 'version' is not an integer of 1 or more")]
    [InlineData("timestamp", "yesterday", "Field 'timestamp' is not an RFC 3339 date-time")]
    [InlineData("correlation_id", "123", "Field 'correlation_id' is not a ULID")]
    [InlineData("data", "[1,2]", "Field 'data' is not a JSON object")]
    [InlineData("data", null, "no 'data' field")]
    [InlineData("metadata", "{nope", "Field 'metadata' is not valid JSON")]
    [InlineData("metadata", "[]", "Field 'metadata' is not a JSON object")]
    public void Decode_BadField_ThrowsMalformedNamingTheField(string name, string? value, string expected)
    {
        var fields = AsReceived(EnvelopeCodec.Encode(Sample())).Where(f => f.Name != name).ToList();
        if (value is not null)
        {
            fields.Add(new StreamField(name, value));
        }

        var error = Assert.Throws<MalformedEventException>(() => EnvelopeCodec.Decode(fields));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MetadataWithNonStringValues_KeepsTheirJson()
    {
        var fields = AsReceived(EnvelopeCodec.Encode(Sample())).Where(f => f.Name != "metadata").Append(new StreamField("metadata", """{"n":5,"o":{"a":true}}""")).ToList();

        var decoded = EnvelopeCodec.Decode(fields);

        Assert.Equal("5", decoded.Metadata!["n"]);
        Assert.Equal("""{"a":true}""", decoded.Metadata["o"]);
    }

    [Theory]
    [InlineData("file.uploaded", true)]
    [InlineData("system.dead_letter.parked", true)]
    [InlineData("a", true)]
    [InlineData("File.uploaded", false)]
    [InlineData("file..uploaded", false)]
    [InlineData("file.uploaded.", false)]
    [InlineData(".file", false)]
    [InlineData("1file", false)]
    [InlineData("file-uploaded", false)]
    [InlineData("", false)]
    public void IsValidTypeName_Name_MatchesDottedLowerCase(string name, bool expected) =>
        Assert.Equal(expected, EnvelopeCodec.IsValidTypeName(name));

    [Fact]
    public void TryPeekRouting_Fields_ReturnsTypeAndCorrelationOnly()
    {
        Assert.True(EnvelopeCodec.TryPeekRouting(EnvelopeCodec.Encode(Sample()), out var type, out var correlation));

        Assert.Equal("file.uploaded", type);
        Assert.Equal("01JD0000000000000000000002", correlation.ToString());
        Assert.False(EnvelopeCodec.TryPeekRouting(EnvelopeCodec.Encode(Sample() with { CorrelationId = null }), out _, out _));
    }

    [Fact]
    public void TryPeekRouting_TextFields_ReturnsTypeAndCorrelationId()
    {
        var correlationId = Ulid.NewUlid();

        Assert.True(EnvelopeCodec.TryPeekRouting(RoutingFields("quote.given", correlationId.ToString(), asBytes: false), out var type, out var read));

        Assert.Equal("quote.given", type);
        Assert.Equal(correlationId, read);
    }

    [Fact]
    public void TryPeekRouting_ByteFieldsAsRedisReturnsThem_ReusesOneStringPerType()
    {
        var correlationId = Ulid.NewUlid();

        Assert.True(EnvelopeCodec.TryPeekRouting(RoutingFields("quote.given", correlationId.ToString(), asBytes: true), out var first, out var read));
        Assert.True(EnvelopeCodec.TryPeekRouting(RoutingFields("quote.given", Ulid.NewUlid().ToString(), asBytes: true), out var second, out _));

        Assert.Equal("quote.given", first);
        Assert.Equal(correlationId, read);
        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-ulid")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAV-and-more-text-than-a-ulid")]
    public void TryPeekRouting_NoUsableCorrelationId_IsFalse(string correlation) =>
        Assert.False(EnvelopeCodec.TryPeekRouting(RoutingFields("quote.given", correlation, asBytes: true), out _, out _));

    [Fact]
    public void TryPeekRouting_NoTypeField_IsFalse()
    {
        StreamField[] fields = [new(EnvelopeFields.CorrelationId, Ulid.NewUlid().ToString())];

        Assert.False(EnvelopeCodec.TryPeekRouting(fields, out _, out _));
    }

    private static StreamField[] RoutingFields(string type, string correlation, bool asBytes) =>
    [
        new(EnvelopeFields.Id, Ulid.NewUlid().ToString()),
        new(EnvelopeFields.Type, asBytes ? Encoding.UTF8.GetBytes(type) : type),
        new(EnvelopeFields.Version, "1"),
        new(EnvelopeFields.CorrelationId, asBytes ? Encoding.UTF8.GetBytes(correlation) : correlation),
        new(EnvelopeFields.Data, "{}"),
    ];

    // What a reader gets back from Redis: every value as bytes.
    private static List<StreamField> AsReceived(IEnumerable<StreamField> fields) =>
        fields.Select(f => new StreamField(f.Name, Encoding.UTF8.GetBytes(f.Value.ToString() ?? string.Empty))).ToList();
}
