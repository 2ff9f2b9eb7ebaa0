using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>
/// An entry ready for its handler: decoded, typed and validated, with its delivery count, partition key and when it came
/// into this consumer's hand (a <see cref="TimeProvider.GetTimestamp"/> value).
/// </summary>
internal readonly record struct Delivery(StreamEntry Entry, long DeliveryCount, EventEnvelope Envelope, object Data, GroupHandler Handler, string? PartitionKey, long AdmittedAt);
