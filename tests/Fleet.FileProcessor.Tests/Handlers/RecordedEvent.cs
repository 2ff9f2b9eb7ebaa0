using System.Text.Json;
using Fleet.Redis;

namespace Fleet.FileProcessor.Tests.Handlers;

/// <summary>One stream entry as a test reads it back: the envelope fields it checks and the data as JSON.</summary>
internal sealed record RecordedEvent(RedisStreamId EntryId, string Id, string Type, string CorrelationId, string CausationId, JsonElement Data, StreamEntry Entry)
{
    public static RecordedEvent From(StreamEntry entry) => new(
        entry.Id,
        entry["id"].ToString(),
        entry["type"].ToString(),
        entry["correlation_id"].ToString(),
        entry["causation_id"].ToString(),
        JsonDocument.Parse(entry["data"].ToString()).RootElement.Clone(),
        entry);

    public string String(string property) => Data.GetProperty(property).GetString()!;

    public long Number(string property) => Data.GetProperty(property).GetInt64();
}
