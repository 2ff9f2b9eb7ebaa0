using System.Text;
using Fleet.Redis;

namespace Fleet.Events.Tests.Envelope;

/// <content>What a hostile or careless producer can write with a raw XADD, field by field (DESIGN.md section 3).</content>
public sealed partial class EnvelopeCodecTests
{
    public static TheoryData<string> EnvelopeFieldNames => [.. EnvelopeFields.All];

    [Theory]
    [MemberData(nameof(EnvelopeFieldNames))]
    public void Decode_EnvelopeFieldRepeatedWithTheSameValue_ThrowsNamingTheField(string name)
    {
        var fields = AsReceived(EnvelopeCodec.Encode(Sample()));
        fields.Add(fields.Single(f => f.Name == name));

        var error = Assert.Throws<MalformedEventException>(() => EnvelopeCodec.Decode(fields));

        Assert.Equal($"Field '{name}' appears more than once.", error.Message);
    }

    [Theory]
    [InlineData("id", "not-a-ulid", "01JD0000000000000000000009")]
    [InlineData("data", """{"file_id":"f-1"}""", """{"file_id":"f-2"}""")]
    [InlineData("type", "unknown.type", "file.uploaded")]
    [InlineData("version", "1", "2")]
    [InlineData("timestamp", "2026-11-22T10:30:45.123Z", "2026-11-22T10:30:46.123Z")]
    [InlineData("correlation_id", "", "01JD0000000000000000000002")]
    [InlineData("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "")]
    public void Decode_EnvelopeFieldGivenTwiceWithDifferentValues_ThrowsWhicheverComesFirst(string name, string first, string second)
    {
        var others = AsReceived(EnvelopeCodec.Encode(Sample())).Where(f => f.Name != name);
        List<StreamField> firstThenSecond = [new(name, first), .. others, new(name, second)];
        List<StreamField> secondThenFirst = [new(name, second), .. others, new(name, first)];

        Assert.Contains($"'{name}' appears more than once", Assert.Throws<MalformedEventException>(() => EnvelopeCodec.Decode(firstThenSecond)).Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}' appears more than once", Assert.Throws<MalformedEventException>(() => EnvelopeCodec.Decode(secondThenFirst)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_FieldsOutsideTheEnvelope_AreIgnoredWhateverTheirNames()
    {
        var fields = AsReceived(EnvelopeCodec.Encode(Sample()));
        fields.Add(new StreamField([0xFF, 0x00, (byte)'i', (byte)'d'], "binary name"));
        fields.Add(new StreamField("ID", "not-a-ulid"));
        fields.Add(new StreamField("Data", "[]"));
        fields.Add(new StreamField("id ", "x"));
        fields.Add(new StreamField(string.Empty, "empty name"));
        fields.Add(new StreamField("dlq_error_type", "malformed"));
        fields.Add(new StreamField("extra", "twice"));
        fields.Add(new StreamField("extra", "twice"));

        var decoded = EnvelopeCodec.Decode(fields);

        Assert.Equal(Sample().Id, decoded.Id);
        Assert.Equal(Sample().Data.ToArray(), decoded.Data.ToArray());
    }

    [Theory]
    [InlineData("id")]
    [InlineData("type")]
    [InlineData("version")]
    [InlineData("timestamp")]
    [InlineData("data")]
    public void Decode_RequiredFieldEmptyOrMissing_ThrowsNamingTheField(string name)
    {
        var others = AsReceived(EnvelopeCodec.Encode(Sample())).Where(f => f.Name != name).ToList();

        var missing = Assert.Throws<MalformedEventException>(() => EnvelopeCodec.Decode(others));
        var empty = Assert.Throws<MalformedEventException>(() => EnvelopeCodec.Decode([.. others, new StreamField(name, Array.Empty<byte>())]));

        Assert.Equal($"The entry has no '{name}' field.", missing.Message);
        Assert.Equal($"The entry has no '{name}' field.", empty.Message);
    }

    [Fact]
    public void Decode_NoFieldsAtAll_ThrowsNamingTheId() =>
        Assert.Equal("The entry has no 'id' field.", Assert.Throws<MalformedEventException>(() => EnvelopeCodec.Decode([])).Message);

    [Theory]
    [InlineData("id", "01JD000000000000000000000")]
    [InlineData("id", "01JD00000000000000000000001")]
    [InlineData("id", "81JD0000000000000000000001")]
    [InlineData("id", "ZZZZZZZZZZZZZZZZZZZZZZZZZZ")]
    [InlineData("id", "01JD00000000000000000000U1")]
    [InlineData("id", " 01JD000000000000000000001")]
    [InlineData("id", "{\"id\":1}")]
    [InlineData("correlation_id", "not-a-ulid")]
    [InlineData("correlation_id", "81JD0000000000000000000001")]
    [InlineData("correlation_id", "01JD0000-0000-0000-0000-000001")]
    [InlineData("causation_id", "123")]
    [InlineData("causation_id", "01JD0000000000000000000001 ")]
    public void Decode_IdFieldNotAUlid_ThrowsNamingTheField(string name, string value) =>
        AssertMalformed(name, value, $"Field '{name}' is not a ULID");

    [Fact]
    public void Decode_LowerCaseUlid_ReadsAsTheSameEventAsUpperCase()
    {
        var decoded = EnvelopeCodec.Decode(With("id", "01jd0000000000000000000001"));

        Assert.Equal(Sample().Id, decoded.Id);
        Assert.Equal("01JD0000000000000000000001", decoded.Id.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("01")]
    [InlineData("1.0")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1e3")]
    [InlineData("0x1")]
    [InlineData("2147483648")]
    [InlineData("99999999999999999999")]
    [InlineData("١")]
    [InlineData("one")]
    public void Decode_VersionNotAPlainIntegerOfOneOrMore_ThrowsNamingVersion(string value) =>
        AssertMalformed("version", value, "Field 'version' is not an integer of 1 or more");

    [Theory]
    [InlineData("1", 1)]
    [InlineData("10", 10)]
    [InlineData("2147483647", int.MaxValue)]
    public void Decode_PlainIntegerVersion_ReadsIt(string value, int expected) =>
        Assert.Equal(expected, EnvelopeCodec.Decode(With("version", value)).Version);

    [Theory]
    [InlineData("1.5")]
    [InlineData("10:30")]
    [InlineData("1/2/3")]
    [InlineData("2026-11-22")]
    [InlineData("2026-11-22 10:30:45Z")]
    [InlineData("2026-11-22T10:30:45")]
    [InlineData("22/11/2026 10:30:45")]
    [InlineData("Sun, 22 Nov 2026 10:30:45 GMT")]
    [InlineData("1795336245123")]
    [InlineData("2026-02-30T10:30:45Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    public void Decode_TimestampNotRfc3339_ThrowsNamingTimestamp(string value) =>
        AssertMalformed("timestamp", value, "Field 'timestamp' is not an RFC 3339 date-time");

    [Fact]
    public void Decode_TimestampWithAnOffset_IsNormalisedToUtc()
    {
        var decoded = EnvelopeCodec.Decode(With("timestamp", "2026-11-22T11:30:45.123456+01:00"));

        Assert.Equal(TimeSpan.Zero, decoded.Timestamp.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 30, 45, TimeSpan.Zero).AddTicks(1_234_560), decoded.Timestamp);
    }

    [Theory]
    [InlineData("File.Uploaded")]
    [InlineData("file uploaded")]
    [InlineData(" file.uploaded")]
    [InlineData("file.uploaded ")]
    [InlineData("file.uploaded\n")]
    [InlineData("FILE")]
    [InlineData("file-uploaded")]
    [InlineData("file..uploaded")]
    [InlineData("fïle.uploaded")]
    public void Decode_TypeNotADottedLowerCaseName_ThrowsNamingType(string value) =>
        AssertMalformed("type", value, "Field 'type' is not a dotted lower-case name");

    [Fact]
    public void Decode_TypeOfInvalidUtf8_ThrowsNamingType() =>
        AssertMalformed("type", new byte[] { (byte)'f', 0xC3, 0x28 }, "Field 'type' is not a dotted lower-case name");

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"a string\"")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("true")]
    public void Decode_DataAnotherJsonValue_ThrowsNotAnObject(string value) =>
        AssertMalformed("data", value, "Field 'data' is not a JSON object");

    [Theory]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("{\"a\":}")]
    [InlineData("{} {}")]
    [InlineData("{}x")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":1,}")]
    public void Decode_DataNotJson_ThrowsNotValidJson(string value) =>
        AssertMalformed("data", value, "Field 'data' is not valid JSON");

    [Fact]
    public void Decode_DataNestedDeeperThanTheDeserializerReads_ThrowsNotValidJson()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65);
        var withinLimit = string.Concat(Enumerable.Repeat("{\"a\":", 64)) + "1" + new string('}', 64);

        AssertMalformed("data", deep, "Field 'data' is not valid JSON");
        Assert.Equal(withinLimit, Encoding.UTF8.GetString(EnvelopeCodec.Decode(With("data", withinLimit)).Data.Span));
    }

    [Fact]
    public void Decode_DataWithInvalidUtf8InAString_ThrowsNotValidJson() =>
        AssertMalformed("data", new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xFF, (byte)'"', (byte)'}' }, "Field 'data' is not valid JSON");

    [Fact]
    public void Decode_DataWithWhitespaceAroundOneObject_KeepsTheBytesAsWritten()
    {
        var decoded = EnvelopeCodec.Decode(With("data", " \n{\"a\":1}\t"));

        Assert.Equal(" \n{\"a\":1}\t", Encoding.UTF8.GetString(decoded.Data.Span));
    }

    [Theory]
    [InlineData("[]", "Field 'metadata' is not a JSON object")]
    [InlineData("\"x\"", "Field 'metadata' is not a JSON object")]
    [InlineData("null", "Field 'metadata' is not a JSON object")]
    [InlineData("1", "Field 'metadata' is not a JSON object")]
    [InlineData("{nope", "Field 'metadata' is not valid JSON")]
    [InlineData("{} []", "Field 'metadata' is not valid JSON")]
    [InlineData(" ", "Field 'metadata' is not valid JSON")]
    public void Decode_MetadataNotAJsonObject_ThrowsNamingMetadata(string value, string expected) =>
        AssertMalformed("metadata", value, expected);

    [Theory]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    [InlineData("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    public void Decode_TraceParentNotW3C_IsKeptAsTextAndNeverMalformed(string value)
    {
        var decoded = EnvelopeCodec.Decode(With("traceparent", value));

        Assert.Equal(value, decoded.TraceParent);
    }

    [Fact]
    public void Decode_UserIdOfInvalidUtf8_IsNotMalformed() =>
        Assert.Equal("u\uFFFD", EnvelopeCodec.Decode(With("user_id", new byte[] { (byte)'u', 0xFF })).UserId);

    [Fact]
    public void Decode_ManyFieldsAndALargePayload_ReadsTheEnvelope()
    {
        var data = "{\"blob\":\"" + new string('x', 4 << 20) + "\"}";
        var fields = With("data", data);
        fields.AddRange(Enumerable.Range(0, 10_000).Select(i => new StreamField($"extra_{i}", "v")));

        var decoded = EnvelopeCodec.Decode(fields);

        Assert.Equal(data.Length, decoded.Data.Length);
    }

    [Fact]
    public void Decode_NotAUlidOfAMegabyte_QuotesOnlyItsStart()
    {
        var error = Assert.Throws<MalformedEventException>(() => EnvelopeCodec.Decode(With("id", new string('x', 1 << 20))));

        Assert.True(error.Message.Length < 200, error.Message);
    }

    private static void AssertMalformed(string name, RedisValue value, string expected)
    {
        var error = Assert.Throws<MalformedEventException>(() => EnvelopeCodec.Decode(With(name, value)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    // The sample envelope as received, with field `name` replaced (in its place) by `value` given as bytes.
    private static List<StreamField> With(string name, RedisValue value) =>
        [.. AsReceived(EnvelopeCodec.Encode(Sample())).Select(f => f.Name == name ? new StreamField(name, value.ToArray()) : f)];
}
