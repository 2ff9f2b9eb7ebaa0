using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fleet.Events.Tests.Behaviour;
using Fleet.Redis;
using Microsoft.Extensions.Hosting;

namespace Fleet.Events.Tests.Consumers;

/// <summary>
/// Puts events on a stream without the publisher: an envelope built here, encoded with <see cref="EnvelopeCodec"/> and
/// appended with the host's transport (XADD), or raw fields for entries no publisher would write.
/// </summary>
internal static class RawPublisher
{
    public static EventEnvelope Envelope<T>(string type, T data, JsonTypeInfo<T> typeInfo, Ulid? id = null, int version = 1) => new()
    {
        Id = id ?? Ulid.NewUlid(),
        Type = type,
        Version = version,
        Timestamp = DateTimeOffset.UtcNow,
        Data = JsonSerializer.SerializeToUtf8Bytes(data, typeInfo),
    };

    public static Task<RedisStreamId> PublishAsync(IHost host, StreamKeys keys, string stream, EventEnvelope envelope) =>
        AppendAsync(host, keys, stream, EnvelopeCodec.Encode(envelope));

    public static Task<RedisStreamId> PlaceOrderAsync(IHost host, StreamKeys keys, string stream, OrderPlaced order, Ulid? id = null) =>
        PublishAsync(host, keys, stream, Envelope(TestEvents.OrderPlacedType, order, TestEventsJsonContext.Default.OrderPlaced, id));

    public static async Task<RedisStreamId> AppendAsync(IHost host, StreamKeys keys, string stream, IReadOnlyList<StreamField> fields) =>
        await BehaviourTestBase.TransportOf(host).AppendAsync(keys.Stream(stream), fields, null, TestContext.Current.CancellationToken);

    /// <summary>Envelope fields with <paramref name="field"/> changed: a field replaced or (with a null value) left out.</summary>
    public static StreamField[] Altered(EventEnvelope envelope, string field, RedisValue? value) =>
        [.. EnvelopeCodec.Encode(envelope)
            .Where(f => f.Name != field || value is not null)
            .Select(f => f.Name == field ? new StreamField(f.Name, value!.Value) : f)];
}
