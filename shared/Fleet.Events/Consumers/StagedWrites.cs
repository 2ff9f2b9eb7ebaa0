using System.Globalization;
using Fleet.Events.Transport;
using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>
/// The Redis writes a handler staged on its <see cref="EventContext{TEvent}"/> during one attempt. They commit with the
/// entry's acknowledgement (and idempotency mark) in one script (<see cref="IEventTransport.CommitAsync"/>), or not at
/// all. Every key must carry the stream's hash tag (DESIGN.md section 2: a script touches one Redis Cluster slot) and lie
/// under <c>{stream key}:state:</c> (not the bus's own keys in that tag), so any other key is refused when staged. One instance per <see cref="WorkerSlot"/>, cleared for
/// each attempt, so a handler that stages nothing costs nothing.
/// </summary>
internal sealed class StagedWrites(string streamKey, string stream)
{
    private readonly List<StagedWrite> _writes = [];

    // What the writes staged so far leave in each key (the commit script checks types against the keys as they are
    // before the first write, so a conflict between two staged writes would fail half-way through the script).
    private readonly Dictionary<string, KeyShape> _shapes = new(StringComparer.Ordinal);

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

    /// <summary>Stages <paramref name="command"/> on <paramref name="key"/> after checking the key is a state key of the stream.</summary>
    public void Add(StagedCommand command, string key, RedisValue first = default, RedisValue second = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        // Only the handler's own state: a key merely in the hash tag could be the dead-letter stream, an idempotency
        // mark, an instance lease or the scheduled set, which the bus alone must write.
        var prefix = Key("x")[..^1];
        if (key.Length <= prefix.Length || !key.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Key '{key}' cannot be staged by a handler of '{stream}': a staged write commits in one script with the stream's acknowledgement, so its key must carry the stream's hash tag '{{{stream}}}' (a Redis Cluster slot) and lie under '{prefix}' (the bus's own keys share the tag). Build it with context.StateKey(name), e.g. '{Key("example")}'.",
                nameof(key));
        }

        Track(command, key, first, second);
        _writes.Add(new StagedWrite(command, key, first, second));
    }

    /// <summary>Drops what an attempt staged (a failed attempt's writes never commit).</summary>
    public void Clear()
    {
        _writes.Clear();
        _shapes.Clear();
    }

    /// <summary>
    /// Refuses a write that an earlier write staged in this attempt on the same key would make fail (a command of
    /// another type's family, or INCRBY/HINCRBY on a value staged as a non-integer), then records what the write leaves.
    /// Redis does not roll a script back, so such a pair would commit the writes before it without the rest.
    /// </summary>
    private void Track(StagedCommand command, string key, RedisValue first, RedisValue second)
    {
        var staged = _shapes.GetValueOrDefault(key);
        var family = FamilyOf(command);
        var conflict = family is { } wanted && staged is not null && staged.Family != wanted
            || command == StagedCommand.IncrementBy && staged is { NotInteger: true }
            || command == StagedCommand.HashIncrementBy && staged is not null && staged.NotIntegerFields.Contains(first.ToString());
        if (conflict)
        {
            throw new InvalidOperationException(
                $"Staged {command} on '{key}' conflicts with a write staged before it on the same key in this delivery (it leaves a {staged!.Family}{(staged.NotInteger ? " holding a non-integer" : string.Empty)}{(command == StagedCommand.HashIncrementBy ? $" whose field '{first}' is not an integer" : string.Empty)}): the commit would fail after the earlier writes ran. Stage writes of one type per key.");
        }

        switch (command)
        {
            case StagedCommand.Delete:
                _shapes.Remove(key);
                break;
            case StagedCommand.Set:
                _shapes[key] = new KeyShape(KeyFamily.String) { NotInteger = !IsInteger(first) };
                break;
            case StagedCommand.IncrementBy:
                _shapes[key] = new KeyShape(KeyFamily.String);
                break;
            case StagedCommand.HashSet or StagedCommand.HashIncrementBy:
                var hash = staged ?? new KeyShape(KeyFamily.Hash);
                if (command == StagedCommand.HashSet && !IsInteger(second))
                {
                    hash.NotIntegerFields.Add(first.ToString());
                }
                else
                {
                    hash.NotIntegerFields.Remove(first.ToString());
                }

                _shapes[key] = hash;
                break;
            case StagedCommand.SortedSetAdd or StagedCommand.SetAdd:
                _shapes[key] = staged ?? new KeyShape(family!.Value);
                break;
        }
    }

    private static KeyFamily? FamilyOf(StagedCommand command) => command switch
    {
        StagedCommand.IncrementBy => KeyFamily.String,
        StagedCommand.HashSet or StagedCommand.HashIncrementBy => KeyFamily.Hash,
        StagedCommand.SortedSetAdd => KeyFamily.SortedSet,
        StagedCommand.SetAdd => KeyFamily.Set,
        _ => null, // SET replaces any type, DEL removes it, PEXPIRE applies to any.
    };

    // As the script's integer(): what INCRBY/HINCRBY accept, a 64-bit integer written without sign or leading zero.
    private static bool IsInteger(RedisValue value)
    {
        var text = value.ToString();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && string.Equals(number.ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
    }

    private enum KeyFamily
    {
        String,
        Hash,
        SortedSet,
        Set,
    }

    private sealed record KeyShape(KeyFamily Family)
    {
        public bool NotInteger { get; init; }

        public HashSet<string> NotIntegerFields { get; } = new(StringComparer.Ordinal);
    }

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
