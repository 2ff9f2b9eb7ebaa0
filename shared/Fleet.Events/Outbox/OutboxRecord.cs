using Fleet.Redis;

namespace Fleet.Events.Outbox;

/// <summary>One spooled publish: the stream it goes to and the entry's fields, in XADD order.</summary>
/// <param name="StreamKey">The stream key the event is published to.</param>
/// <param name="Fields">The entry's fields in order.</param>
internal readonly record struct OutboxRecord(string StreamKey, IReadOnlyList<StreamField> Fields);
