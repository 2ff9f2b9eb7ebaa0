using Fleet.Events;
using Fleet.Redis;

namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>An event read back from a stream: its entry id, its envelope and its data as the registered record.</summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed record StreamEvent<T>(RedisStreamId EntryId, EventEnvelope Envelope, T Data);
