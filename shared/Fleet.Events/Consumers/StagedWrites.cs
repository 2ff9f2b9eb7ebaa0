using Fleet.Events.Transport;
using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>
/// The Redis writes a handler staged on its <see cref="EventContext{TEvent}"/> during one attempt. They commit with the
/// entry's acknowledgement (and idempotency mark) in one script (<see cref="IEventTransport.CommitAsync"/>), or not at
/// all. Every key must carry the stream's hash tag (DESIGN.md section 2: a script touches one Redis Cluster slot), so
/// a key outside it is refused when staged, not when committed. One instance per <see cref="WorkerSlot"/>, cleared for
/// each attempt, so a handler that stages nothing costs nothing.
/// </summary>
internal sealed class StagedWrites(string streamKey, string stream)
{
    private readonly List<StagedWrite> _writes = [];

    /// <summary>The writes staged so far, in order.</summary>
    public IReadOnlyList<StagedWrite> Writes => _writes;

    /// <summary>Whether anything was staged.</summary>
    public bool Any => _writes.Count > 0;

    /// <summary>A key in the stream's hash tag: <c>{stream key}:state:{name}</c>, e.g. <c>fleet:{market.events}:state:AAPL</c>.</summary>
    public string Key(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return string.Concat(streamKey, ":state:", name);
    }

    /// <summary>Stages <paramref name="command"/> on <paramref name="key"/> after checking the key's hash tag.</summary>
    public void Add(StagedCommand command, string key, RedisValue first = default, RedisValue second = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!string.Equals(HashTagOf(key), stream, StringComparison.Ordinal) || string.Equals(key, streamKey, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Key '{key}' cannot be staged by a handler of '{stream}': a staged write commits in one script with the stream's acknowledgement, so its key must carry the stream's hash tag '{{{stream}}}' (a Redis Cluster slot) and must not be the stream itself. Build it with context.StateKey(name), e.g. '{Key("example")}'.",
                nameof(key));
        }

        _writes.Add(new StagedWrite(command, key, first, second));
    }

    /// <summary>Drops what an attempt staged (a failed attempt's writes never commit).</summary>
    public void Clear() => _writes.Clear();

    /// <summary>
    /// The hash tag of <paramref name="key"/> as Redis Cluster reads it: the text between the first '{' and the first
    /// '}' after it, when not empty; null when the key has none (the whole key is hashed then).
    /// </summary>
    internal static string? HashTagOf(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return null;
        }

        var close = key.IndexOf('}', open + 1);
        return close > open + 1 ? key[(open + 1)..close] : null;
    }
}
