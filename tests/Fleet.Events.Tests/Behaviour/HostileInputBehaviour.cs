using System.Collections.Concurrent;
using System.Text;
using Fleet.Events.Tests.Consumers;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Events.Tests.Behaviour;

/// <summary>
/// What a hostile or careless producer can write with a raw XADD reaches a consumer group: each entry is dead-lettered
/// with a reason naming the field, acknowledged as a type without a handler, or handled, as docs/events.md's table says;
/// dead letters carry the original fields byte for byte; the consumer keeps running and nothing stays pending.
/// </summary>
public abstract class HostileInputBehaviour(RedisServerFixture redis) : ConsumerTestBase(redis)
{
    private enum Outcome
    {
        Malformed,
        UnknownVersion,
        Acknowledged,
        Handled,
    }

    [Fact]
    public async Task ConsumerGroup_HostileEntries_EachIsDeadLetteredAcknowledgedOrHandledAsDocumented()
    {
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<string>();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
        {
            handled.Enqueue(context.Data.OrderId);
            return ValueTask.CompletedTask;
        })));
        var cases = Cases().ToList();

        var ids = new Dictionary<string, HostileCase>();
        foreach (var hostile in cases)
        {
            ids.Add((await RawPublisher.AppendAsync(host, Keys, stream, hostile.Fields)).ToString(), hostile);
        }

        await RawPublisher.AppendAsync(host, Keys, stream, Order("sentinel"));

        var deadLettered = cases.Count(c => c.Outcome is Outcome.Malformed or Outcome.UnknownVersion);
        await Eventually.TrueAsync(() => handled.Contains("sentinel"), "the valid event after the hostile ones was handled", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(async () => (await DeadLettersAsync(host, stream)).Count >= deadLettered, $"{deadLettered} dead letters were written", TimeSpan.FromSeconds(30));
        await WaitUntilSettledAsync(host, stream);

        var deadLetters = (await DeadLettersAsync(host, stream)).ToDictionary(d => d[DeadLetterFields.EntryId].ToString());
        Assert.Equal(deadLettered, deadLetters.Count);
        foreach (var (id, hostile) in ids)
        {
            switch (hostile.Outcome)
            {
                case Outcome.Malformed or Outcome.UnknownVersion:
                    Assert.True(deadLetters.TryGetValue(id, out var deadLetter), $"{hostile.Name}: no dead letter");
                    var errorType = hostile.Outcome == Outcome.Malformed ? DeadLetterErrorTypes.Malformed : DeadLetterErrorTypes.UnknownVersion;
                    Assert.True(errorType == deadLetter[DeadLetterFields.ErrorType].ToString(), $"{hostile.Name}: {deadLetter[DeadLetterFields.ErrorType]}, {deadLetter[DeadLetterFields.ErrorMessage]}");
                    var message = deadLetter[DeadLetterFields.ErrorMessage].ToString();
                    Assert.True(message.Contains(hostile.Reason!, StringComparison.Ordinal), $"{hostile.Name}: the reason '{message}' does not say {hostile.Reason}");
                    AssertOriginalFieldsByteForByte(hostile, deadLetter);
                    break;
                case Outcome.Acknowledged:
                    Assert.False(deadLetters.ContainsKey(id), $"{hostile.Name}: dead-lettered, expected acknowledged");
                    break;
                default:
                    Assert.False(deadLetters.ContainsKey(id), $"{hostile.Name}: dead-lettered, expected handled");
                    Assert.True(handled.Contains(hostile.Name), $"{hostile.Name}: not handled");
                    break;
            }
        }

        Assert.Equal(cases.Where(c => c.Outcome == Outcome.Handled).Select(c => c.Name).Append("sentinel").Order(), handled.Order());
        Assert.True(HealthOf(host, stream).IsRunning, "the consumer loop stopped");
        Assert.Empty(await PendingAsync(host, stream));
    }

    [Fact]
    public async Task ConsumerGroup_MalformedEntryWithMoreFieldsThanAScriptTakes_IsDeadLetteredByteForByte()
    {
        // A Lua script takes at most about 8 000 arguments (LUAI_MAXCSTACK): an entry with more fields than half of that
        // cannot be copied by the dead-letter script, and must still leave the pending list as a dead letter.
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((_, _) => ValueTask.CompletedTask)));
        var hostile = new HostileCase(
            "5 000 extra fields, version 0",
            [.. Replace(Order("many"), EnvelopeFields.Version, "0"), .. Enumerable.Range(0, 5_000).Select(i => new StreamField(Encoding.UTF8.GetBytes($"extra_{i}"), new byte[] { (byte)i }))],
            Outcome.Malformed,
            $"'{EnvelopeFields.Version}'");

        var id = await RawPublisher.AppendAsync(host, Keys, stream, hostile.Fields);

        await Eventually.TrueAsync(async () => (await DeadLettersAsync(host, stream)).Count > 0, "the dead letter was written", TimeSpan.FromSeconds(30));
        await WaitUntilSettledAsync(host, stream);
        var deadLetter = Assert.Single(await DeadLettersAsync(host, stream));
        Assert.Equal(id.ToString(), deadLetter[DeadLetterFields.EntryId].ToString());
        Assert.Equal(DeadLetterErrorTypes.Malformed, deadLetter[DeadLetterFields.ErrorType].ToString());
        AssertOriginalFieldsByteForByte(hostile, deadLetter);
    }

    [Fact]
    public async Task ConsumerGroup_ValidEventLargerThanMaxEventBytes_IsDeadLetteredWithItsSizeWithoutRunningTheHandler()
    {
        const int limit = 4096;
        var stream = TestStreams.Unique();
        var handled = new ConcurrentQueue<string>();
        var host = await StartHostAsync(
            events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
            {
                handled.Enqueue(context.Data.OrderId);
                return ValueTask.CompletedTask;
            })),
            o => o.MaxEventBytes = limit);

        // A valid order a handler would take, but larger than any publisher of the application may write.
        var fields = EnvelopeCodec.Encode(RawPublisher.Envelope(TestEvents.OrderPlacedType, new OrderPlaced("large", 1, new string('s', limit)), TestEventsJsonContext.Default.OrderPlaced));
        var size = fields.Sum(f => (long)Encoding.UTF8.GetByteCount(f.Name) + f.Value.GetByteCount());
        var hostile = new HostileCase("large", fields, Outcome.Malformed, $"The entry is {size} bytes (its field names and values), more than MaxEventBytes of {limit}");
        var id = await RawPublisher.AppendAsync(host, Keys, stream, fields);
        await RawPublisher.AppendAsync(host, Keys, stream, Order("sentinel"));

        await Eventually.TrueAsync(() => handled.Contains("sentinel"), "the valid event after the large one was handled", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(async () => (await DeadLettersAsync(host, stream)).Count > 0, "the dead letter was written", TimeSpan.FromSeconds(30));
        await WaitUntilSettledAsync(host, stream);
        var deadLetter = Assert.Single(await DeadLettersAsync(host, stream));
        Assert.Equal(id.ToString(), deadLetter[DeadLetterFields.EntryId].ToString());
        Assert.Equal(DeadLetterErrorTypes.Malformed, deadLetter[DeadLetterFields.ErrorType].ToString());
        Assert.Contains(hostile.Reason!, deadLetter[DeadLetterFields.ErrorMessage].ToString(), StringComparison.Ordinal);
        Assert.Equal(["sentinel"], handled);
        AssertOriginalFieldsByteForByte(hostile, deadLetter);
        Assert.Empty(await PendingAsync(host, stream));
    }

    private static void AssertOriginalFieldsByteForByte(HostileCase hostile, StreamEntry deadLetter)
    {
        var original = hostile.Fields;
        Assert.True(deadLetter.Fields.Count == original.Length + DeadLetterFields.All.Count, $"{hostile.Name}: {deadLetter.Fields.Count} fields in the dead letter");
        for (var i = 0; i < original.Length; i++)
        {
            Assert.True(original[i].NameBytes.ToArray().AsSpan().SequenceEqual(deadLetter.Fields[i].NameBytes.ToArray()), $"{hostile.Name}: name of field {i} changed");
            Assert.True(original[i].Value.ToArray().AsSpan().SequenceEqual(deadLetter.Fields[i].Value.ToArray()), $"{hostile.Name}: value of field {i} changed");
        }

        Assert.Equal(DeadLetterFields.All, deadLetter.Fields.Skip(original.Length).Select(f => f.Name));
    }

    private static IEnumerable<HostileCase> Cases()
    {
        // Timestamps: RFC 3339 date-times only (DESIGN.md section 3); other offsets and precisions are RFC 3339 too.
        foreach (var timestamp in new[] { "1.5", "10:30", "1/2/3", "2026-11-22", "2026-11-22 10:30:45Z", "2026-11-22T10:30:45", "yesterday", "2026-02-30T10:30:45Z" })
        {
            yield return Malformed($"timestamp {timestamp}", Replace(Order("t"), EnvelopeFields.Timestamp, timestamp), EnvelopeFields.Timestamp);
        }

        yield return Handled("timestamp-with-offset", name => Replace(Order(name), EnvelopeFields.Timestamp, "2026-11-22T11:30:45.123456+01:00"));
        yield return Handled("timestamp-without-fraction", name => Replace(Order(name), EnvelopeFields.Timestamp, "2026-11-22t10:30:45z"));

        // Repeated envelope fields: which one counts is not the producer's to leave open.
        yield return Malformed("bad id then good id", [new(EnvelopeFields.Id, "not-a-ulid"), .. Order("dup")], EnvelopeFields.Id);
        yield return Malformed("good id twice", [.. Order("dup"), Order("dup")[0]], EnvelopeFields.Id);
        yield return Malformed("two data fields", [.. Order("dup"), new(EnvelopeFields.Data, """{"order_id":"other","quantity":1}""")], EnvelopeFields.Data);
        yield return Malformed("unknown type then handled type", [new(EnvelopeFields.Type, "unknown.type"), .. Order("dup")], EnvelopeFields.Type);
        yield return Malformed("two empty user ids", [.. Replace(Order("dup"), EnvelopeFields.UserId, string.Empty), new(EnvelopeFields.UserId, string.Empty)], EnvelopeFields.UserId);

        // Names and values that are not UTF-8; a binary name outside the envelope is an extension and ignored.
        yield return Malformed("binary names, no id", [new([0xFF, 0xFE, 0x00], "x"), .. Without(Order("b"), EnvelopeFields.Id), new([(byte)'i', (byte)'d', 0xC3], new byte[] { 0xC3, 0x28 })], EnvelopeFields.Id);
        yield return Malformed("binary id", Replace(Order("b"), EnvelopeFields.Id, new byte[] { 0xFF, 0x00, 0x80, 0x0D, 0x0A }), EnvelopeFields.Id);
        yield return Malformed("binary type", Replace(Order("b"), EnvelopeFields.Type, new byte[] { (byte)'o', 0xFF }), EnvelopeFields.Type);
        yield return Malformed("binary data", Replace(Order("b"), EnvelopeFields.Data, new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xFF, (byte)'"', (byte)'}' }), EnvelopeFields.Data);
        yield return Handled("binary-extra-name", name => [.. Order(name), new([0xFF, 0xFE], new byte[] { 0x00, 0xFF })]);

        // Empty and missing fields.
        foreach (var required in new[] { EnvelopeFields.Id, EnvelopeFields.Type, EnvelopeFields.Version, EnvelopeFields.Timestamp, EnvelopeFields.Data })
        {
            yield return Malformed($"empty {required}", Replace(Order("e"), required, string.Empty), required);
            yield return Malformed($"missing {required}", Without(Order("e"), required), required);
        }

        yield return Malformed("one unknown field only", [new("x", "y")], EnvelopeFields.Id);
        yield return Malformed("empty name and value only", [new(string.Empty, string.Empty)], EnvelopeFields.Id);

        // Ids.
        yield return Malformed("id not a ulid", Replace(Order("i"), EnvelopeFields.Id, "not-a-ulid"), EnvelopeFields.Id);
        yield return Malformed("id overflowing 128 bits", Replace(Order("i"), EnvelopeFields.Id, "8ZZZZZZZZZZZZZZZZZZZZZZZZZ"), EnvelopeFields.Id);
        yield return Malformed("id of 27 characters", Replace(Order("i"), EnvelopeFields.Id, "01JD00000000000000000000001"), EnvelopeFields.Id);
        yield return Handled("lower-case-id", name => Replace(Order(name), EnvelopeFields.Id, Ulid.NewUlid().ToString().ToLowerInvariant()));
        yield return Malformed("correlation id not a ulid", Replace(Order("i"), EnvelopeFields.CorrelationId, "conversation-1"), EnvelopeFields.CorrelationId);
        yield return Malformed("causation id not a ulid", Replace(Order("i"), EnvelopeFields.CausationId, "123"), EnvelopeFields.CausationId);

        // Versions.
        foreach (var version in new[] { "0", "-1", "1.0", " 1", "1 ", "+1", "01", "99999999999" })
        {
            yield return Malformed($"version '{version}'", Replace(Order("v"), EnvelopeFields.Version, version), EnvelopeFields.Version);
        }

        yield return UnknownVersion("version int.MaxValue", Replace(Order("v"), EnvelopeFields.Version, int.MaxValue), int.MaxValue);

        // Payloads.
        foreach (var data in new[] { "not json", "[1,2]", "\"a string\"", "null", "{", "{} {}", string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65) })
        {
            yield return Malformed($"data {data[..Math.Min(data.Length, 12)]}", Replace(Order("d"), EnvelopeFields.Data, data), EnvelopeFields.Data);
        }

        yield return Malformed("data not json, type without handler", Replace(Unknown(), EnvelopeFields.Data, "not json"), EnvelopeFields.Data);
        yield return Malformed("metadata an array", Replace(Order("m"), EnvelopeFields.Metadata, "[1]"), EnvelopeFields.Metadata);
        yield return Malformed("metadata not json", Replace(Order("m"), EnvelopeFields.Metadata, "{oops"), EnvelopeFields.Metadata);

        // Trace context is optional: a bad one starts a new trace, it never dead-letters the event.
        yield return Handled("bad-traceparent", name => Replace(Replace(Order(name), EnvelopeFields.TraceParent, "garbage"), EnvelopeFields.TraceState, new byte[] { 0xFF }));

        // Types.
        yield return Malformed("type with a space", Replace(Order("y"), EnvelopeFields.Type, "order placed"), EnvelopeFields.Type);
        yield return Malformed("type upper case", Replace(Order("y"), EnvelopeFields.Type, "Order.Placed"), EnvelopeFields.Type);
        yield return new HostileCase("type without a handler", Unknown(), Outcome.Acknowledged, null);

        // Size: an entry over MaxEventBytes (1 MiB by default) is refused by its size, unread; one with many fields is
        // read and dead-lettered whole.
        yield return new HostileCase("4 MiB data, no id", Without(Replace(Order("l"), EnvelopeFields.Data, "{\"blob\":\"" + new string('x', 4 << 20) + "\"}"), EnvelopeFields.Id), Outcome.Malformed, "more than MaxEventBytes of 1048576");
        yield return Malformed("1 000 extra fields, version 0", [.. Replace(Order("l"), EnvelopeFields.Version, "0"), .. Enumerable.Range(0, 1_000).Select(i => new StreamField($"f{i}", i))], EnvelopeFields.Version);
    }

    // A malformed entry's reason names the field in quotes ("Field 'version' is not ...").
    private static HostileCase Malformed(string name, StreamField[] fields, string field) => new(name, fields, Outcome.Malformed, $"'{field}'");

    private static HostileCase UnknownVersion(string name, StreamField[] fields, int version) => new(name, fields, Outcome.UnknownVersion, $"v{version}");

    // A valid event whose order id is the case's name, so the test can tell which ones the handler saw.
    private static HostileCase Handled(string name, Func<string, StreamField[]> fields) => new(name, fields(name), Outcome.Handled, null);

    private static StreamField[] Order(string orderId) =>
        EnvelopeCodec.Encode(RawPublisher.Envelope(TestEvents.OrderPlacedType, new OrderPlaced(orderId, 1), TestEventsJsonContext.Default.OrderPlaced));

    private static StreamField[] Unknown() =>
        EnvelopeCodec.Encode(RawPublisher.Envelope("no.handler.here", new OrderPlaced("u", 1), TestEventsJsonContext.Default.OrderPlaced));

    private static StreamField[] Replace(StreamField[] fields, string name, RedisValue value) =>
        [.. fields.Select(f => f.Name == name ? new StreamField(name, value) : f)];

    private static StreamField[] Without(StreamField[] fields, string name) => [.. fields.Where(f => f.Name != name)];

    private sealed record HostileCase(string Name, StreamField[] Fields, Outcome Outcome, string? Reason);
}

public sealed class InMemoryHostileInputBehaviourTests(RedisServerFixture redis) : HostileInputBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisHostileInputBehaviourTests(RedisServerFixture redis) : HostileInputBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
