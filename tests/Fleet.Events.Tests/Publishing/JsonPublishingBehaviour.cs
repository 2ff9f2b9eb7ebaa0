using System.Text;
using Fleet.Events.Tests.Behaviour;
using Fleet.Events.Tests.Consumers;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Events.Tests.Publishing;

/// <summary>IJsonEventPublisher: data validated by the caller goes into the envelope as it is, on every transport.</summary>
public abstract class JsonPublishingBehaviour(RedisServerFixture redis) : BehaviourTestBase(redis)
{
    [Fact]
    public async Task PublishJsonAsync_ValidatedJson_AppendedByteForByteWithTheEnvelopeAndCounted()
    {
        var stream = TestStreams.Unique();
        using var metrics = new MetricCollector(stream);
        var host = await StartHostAsync(_ => { });
        var correlation = Ulid.NewUlid();

        // Spacing a serializer would never write: the publisher neither parses nor re-serializes the data.
        var data = Encoding.UTF8.GetBytes("""{ "order_id": "o-1",  "quantity": 3 }""");
        var result = await JsonPublisher(host).PublishJsonAsync(
            stream, Descriptor(host), 1, data,
            new PublishOptions { CorrelationId = correlation, UserId = "user-7", Metadata = new Dictionary<string, string> { ["source"] = "gateway" } },
            Cancel);

        var entry = Assert.Single(await ReadAllAsync(host, Keys.Stream(stream)));
        Assert.Equal(result.EntryId, entry.Id);
        Assert.Equal(EnvelopeFields.All, entry.Fields.Select(f => f.Name));
        var envelope = EnvelopeCodec.Decode(entry.Fields);
        Assert.Equal((result.EventId, TestEvents.OrderPlacedType, 1), (envelope.Id, envelope.Type, envelope.Version));
        Assert.Equal((correlation, "user-7"), (envelope.CorrelationId, envelope.UserId));
        Assert.Equal("gateway", envelope.Metadata!["source"]);
        Assert.Equal(data, envelope.Data.ToArray());
        Assert.Equal(1, metrics.Value("fleet.events.published"));
    }

    [Fact]
    public async Task PublishJsonAsync_ForeignDescriptorOrVersionOutOfRange_ThrowsAndAppendsNothing()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var other = await StartHostAsync(_ => { });
        var data = Encoding.UTF8.GetBytes("""{"order_id":"o-1","quantity":3}""");

        // A descriptor of another process's registry: its record type may differ from this one's.
        await Assert.ThrowsAsync<ArgumentException>(() => JsonPublisher(host).PublishJsonAsync(stream, Descriptor(other), 1, data, cancellationToken: Cancel).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => JsonPublisher(host).PublishJsonAsync(stream, Descriptor(host), 2, data, cancellationToken: Cancel).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => JsonPublisher(host).PublishJsonAsync(stream, Descriptor(host), 0, data, cancellationToken: Cancel).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => JsonPublisher(host).PublishJsonAsync(stream, Descriptor(host), 1, ReadOnlyMemory<byte>.Empty, cancellationToken: Cancel).AsTask());

        Assert.Empty(await ReadAllAsync(host, Keys.Stream(stream)));
    }

    [Fact]
    public async Task PublishJsonAsync_DataOverMaxEventBytes_ThrowsEventTooLargeAndAppendsNothing()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { }, o => o.MaxEventBytes = 400);
        var data = Encoding.UTF8.GetBytes($$"""{"order_id":"{{new string('x', 400)}}","quantity":3}""");

        var error = await Assert.ThrowsAsync<EventTooLargeException>(
            () => JsonPublisher(host).PublishJsonAsync(stream, Descriptor(host), 1, data, cancellationToken: Cancel).AsTask());

        Assert.Equal((TestEvents.OrderPlacedType, 400L), (error.EventType, error.Limit));
        Assert.Empty(await ReadAllAsync(host, Keys.Stream(stream)));
    }

    private static IJsonEventPublisher JsonPublisher(IHost host) => host.Services.GetRequiredService<IJsonEventPublisher>();

    private static EventTypeDescriptor Descriptor(IHost host) =>
        host.Services.GetRequiredService<EventTypeRegistry>().TryGet(TestEvents.OrderPlacedType, out var descriptor)
            ? descriptor
            : throw new InvalidOperationException("order.placed is not registered.");
}

public sealed class InMemoryJsonPublishingBehaviourTests(RedisServerFixture redis) : JsonPublishingBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisJsonPublishingBehaviourTests(RedisServerFixture redis) : JsonPublishingBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
