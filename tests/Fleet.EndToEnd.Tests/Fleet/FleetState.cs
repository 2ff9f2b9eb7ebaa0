using Fleet.Contracts;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.EndToEnd.Tests.Fleet;

/// <summary>What the fleet left in Redis, read the way an operator would: XRANGE decoded with the real codec, XINFO GROUPS, hashes.</summary>
internal sealed class FleetState(RedisClient redis, EventTypeRegistry registry, StreamKeys keys)
{
    public ContractKeys Keys { get; } = new(keys);

    /// <summary>Every event of type <typeparamref name="T"/> on <paramref name="stream"/>, in stream order.</summary>
    public async Task<IReadOnlyList<StreamEvent<T>>> EventsAsync<T>(string stream)
        where T : class =>
        Decode<T>(await redis.XRangeAsync(keys.Stream(stream)));

    /// <summary>The events of type <typeparamref name="T"/> among the last <paramref name="count"/> entries of <paramref name="stream"/>, newest first.</summary>
    public async Task<IReadOnlyList<StreamEvent<T>>> LatestEventsAsync<T>(string stream, int count)
        where T : class =>
        Decode<T>(await redis.XRevRangeAsync(keys.Stream(stream), count: count));

    /// <summary>The envelope of the entry <paramref name="entryId"/> on <paramref name="stream"/>.</summary>
    public async Task<EventEnvelope> EnvelopeAsync(string stream, string entryId)
    {
        var entries = await redis.XRangeAsync(keys.Stream(stream), entryId, entryId);
        return EnvelopeCodec.Decode(Assert.Single(entries).Fields);
    }

    /// <summary>Every event on the six streams whose correlation id is <paramref name="correlationId"/>: a conversation as Redis holds it.</summary>
    public async Task<IReadOnlyList<(string Stream, string EntryId, EventEnvelope Envelope)>> ConversationAsync(string correlationId)
    {
        var events = new List<(string, string, EventEnvelope)>();
        foreach (var stream in FleetStreams.All)
        {
            foreach (var entry in await redis.XRangeAsync(keys.Stream(stream)))
            {
                if (entry["correlation_id"].ToString() == correlationId)
                {
                    events.Add((stream, entry.Id.ToString(), EnvelopeCodec.Decode(entry.Fields)));
                }
            }
        }

        return events;
    }

    /// <summary>The dead letters of <paramref name="stream"/> (the original fields followed by <c>dlq_*</c>).</summary>
    public async Task<IReadOnlyList<StreamEntry>> DeadLettersAsync(string stream) =>
        await redis.ExistsAsync(keys.DeadLetters(stream)) ? await redis.XRangeAsync(keys.DeadLetters(stream)) : [];

    /// <summary>The entries dead-letter-reaper parked for <paramref name="stream"/> (a dead letter's fields followed by <c>parked_*</c>).</summary>
    public async Task<IReadOnlyList<StreamEntry>> ParkedAsync(string stream) =>
        await redis.ExistsAsync(keys.Parked(stream)) ? await redis.XRangeAsync(keys.Parked(stream)) : [];

    /// <summary>The entry <paramref name="entryId"/> of <paramref name="stream"/> with all its fields, or null when it is not there.</summary>
    public async Task<StreamEntry?> EntryAsync(string stream, string entryId) =>
        (await redis.XRangeAsync(keys.Stream(stream), entryId, entryId)).SingleOrDefault();

    /// <summary>XINFO GROUPS' pending count of every group on every fleet stream and its <c>:dlq</c>, as <c>stream/group</c> (<c>stream:dlq/group</c>).</summary>
    public async Task<IReadOnlyDictionary<string, long>> PendingAsync()
    {
        var pending = new PendingCounts();
        foreach (var stream in FleetStreams.All)
        {
            foreach (var (name, key) in new[] { (stream, keys.Stream(stream)), (stream + ":dlq", keys.DeadLetters(stream)) })
            {
                if (await redis.ExistsAsync(key))
                {
                    foreach (var group in await redis.XInfoGroupsAsync(key))
                    {
                        pending[name + "/" + group.Name] = group.Pending;
                    }
                }
            }
        }

        return pending;
    }

    /// <summary>The entries <paramref name="consumer"/> of <paramref name="group"/> holds unacknowledged on <paramref name="stream"/> (XPENDING).</summary>
    public async Task<long> PendingOfAsync(string stream, string group, string consumer)
    {
        var summary = await redis.XPendingAsync(keys.Stream(stream), group);
        return summary.Consumers.FirstOrDefault(c => c.Name == consumer).Count;
    }

    /// <summary>The vector hash of one chunk (fields embedding, file_id, user_id, chunk_index, text_hash, model).</summary>
    public async Task<IReadOnlyDictionary<string, RedisValue>> VectorAsync(string fileId, int index) =>
        await redis.HashGetAllAsync(Keys.Vector(fileId, index));

    /// <summary>A user's notification preferences as notifier keeps them (fields channels, webhook_url, email, updated_at).</summary>
    public async Task<IReadOnlyDictionary<string, RedisValue>> PreferencesAsync(string userId) =>
        await redis.HashGetAllAsync(Keys.Preferences(userId));

    private List<StreamEvent<T>> Decode<T>(IReadOnlyList<StreamEntry> entries)
        where T : class
    {
        var type = registry.Get<T>();
        var events = new List<StreamEvent<T>>();
        foreach (var entry in entries)
        {
            var envelope = EnvelopeCodec.Decode(entry.Fields);
            if (envelope.Type == type.Name)
            {
                events.Add(new StreamEvent<T>(entry.Id, envelope, (T)registry.Deserialize(type, envelope.Version, envelope.Data)));
            }
        }

        return events;
    }
}
