using System.Globalization;

namespace Fleet.Events.Transport.InMemory;

/// <summary>
/// The plain keys of <see cref="InMemoryEventTransport"/> that handlers' staged writes change, held as Redis holds them:
/// a string (<see cref="string"/>), a hash (<c>Dictionary&lt;string, string&gt;</c>), a sorted set
/// (<c>Dictionary&lt;string, double&gt;</c>: member → score) or a set (<c>HashSet&lt;string&gt;</c>), each with an
/// optional expiry. Not thread-safe: the transport calls it under its lock.
/// </summary>
internal sealed class InMemoryKeyspace(Func<long> nowMilliseconds)
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _expiresAt = new(StringComparer.Ordinal);

    /// <summary>The value of <paramref name="key"/>, or null when it does not exist (or expired).</summary>
    public object? Get(string key)
    {
        if (_expiresAt.TryGetValue(key, out var expiresAt) && expiresAt <= nowMilliseconds())
        {
            Remove(key);
        }

        return _values.GetValueOrDefault(key);
    }

    /// <summary>DEL.</summary>
    public void Remove(string key)
    {
        _values.Remove(key);
        _expiresAt.Remove(key);
    }

    /// <summary>Why <paramref name="write"/> would fail on the key as it is now (the commit script's check), or null.</summary>
    public string? Refusal(StagedWrite write)
    {
        var value = Get(write.Key);
        var fits = write.Command switch
        {
            StagedCommand.IncrementBy => value is null || (value is string text && IsInteger(text)),
            StagedCommand.HashSet => value is null or Dictionary<string, string>,
            StagedCommand.HashIncrementBy => value is null
                || (value is Dictionary<string, string> hash && (!hash.TryGetValue(write.First.ToString(), out var field) || IsInteger(field))),
            StagedCommand.SortedSetAdd => value is null or Dictionary<string, double>,
            StagedCommand.SetAdd => value is null or HashSet<string>,
            _ => true,
        };
        return fits ? null : $"WRONGTYPE staged {write.Command} on {write.Key} cannot apply; nothing was written";
    }

    /// <summary>Applies a write <see cref="Refusal"/> accepted.</summary>
    public void Apply(StagedWrite write)
    {
        var key = write.Key;
        var value = Get(key);
        switch (write.Command)
        {
            case StagedCommand.Set:
                // SET replaces any value and, without PX, its expiry.
                _values[key] = write.First.ToString();
                _expiresAt.Remove(key);
                if (!write.Second.IsNull)
                {
                    _expiresAt[key] = nowMilliseconds() + write.Second.ToInt64();
                }

                break;
            case StagedCommand.IncrementBy:
                _values[key] = (Parse(value as string) + write.First.ToInt64()).ToString(CultureInfo.InvariantCulture);
                break;
            case StagedCommand.HashSet:
                HashOf(key, value)[write.First.ToString()] = write.Second.ToString();
                break;
            case StagedCommand.HashIncrementBy:
                var hash = HashOf(key, value);
                var field = write.First.ToString();
                hash[field] = (Parse(hash.GetValueOrDefault(field)) + write.Second.ToInt64()).ToString(CultureInfo.InvariantCulture);
                break;
            case StagedCommand.Delete:
                Remove(key);
                break;
            case StagedCommand.SortedSetAdd:
                var sorted = value as Dictionary<string, double> ?? [];
                sorted[write.Second.ToString()] = write.First.ToDouble();
                _values[key] = sorted;
                break;
            case StagedCommand.SetAdd:
                var set = value as HashSet<string> ?? new HashSet<string>(StringComparer.Ordinal);
                set.Add(write.First.ToString());
                _values[key] = set;
                break;
            case StagedCommand.Expire:
                // PEXPIRE of a missing key does nothing.
                if (value is not null)
                {
                    _expiresAt[key] = nowMilliseconds() + write.First.ToInt64();
                }

                break;
        }
    }

    private Dictionary<string, string> HashOf(string key, object? value)
    {
        if (value is Dictionary<string, string> hash)
        {
            return hash;
        }

        hash = new Dictionary<string, string>(StringComparer.Ordinal);
        _values[key] = hash;
        return hash;
    }

    private static bool IsInteger(string text) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static long Parse(string? text) => text is null ? 0 : long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
