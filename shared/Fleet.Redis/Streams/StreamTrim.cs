using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>
/// A trimming rule for XADD and XTRIM: <c>MAXLEN</c> or <c>MINID</c>, exact (<c>=</c>) or approximate (<c>~</c>,
/// which lets Redis drop whole radix-tree nodes only and is much cheaper), with an optional <c>LIMIT</c> on the
/// entries one call evicts (approximate only). Create one with <see cref="MaxLength"/> or <see cref="MinId"/>.
/// </summary>
public readonly record struct StreamTrim
{
    private StreamTrim(StreamTrimStrategy strategy, long length, RedisStreamId id, bool approximate, long? limit)
    {
        if (limit is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(limit));
            if (!approximate)
            {
                // Redis: "syntax error, LIMIT cannot be used without the special ~ option".
                throw new ArgumentException("A stream trim LIMIT needs approximate trimming (~).", nameof(limit));
            }
        }

        Strategy = strategy;
        Length = length;
        Id = id;
        Approximate = approximate;
        Limit = limit;
    }

    /// <summary>MAXLEN or MINID; <see cref="StreamTrimStrategy.None"/> for a default value, which commands refuse.</summary>
    public StreamTrimStrategy Strategy { get; }

    /// <summary>The entries to keep, for <see cref="StreamTrimStrategy.MaxLength"/>.</summary>
    public long Length { get; }

    /// <summary>The smallest id to keep, for <see cref="StreamTrimStrategy.MinId"/>.</summary>
    public RedisStreamId Id { get; }

    /// <summary>Whether trimming is approximate (<c>~</c>) rather than exact (<c>=</c>).</summary>
    public bool Approximate { get; }

    /// <summary>The most entries one call evicts (LIMIT; 0 means no limit); null leaves the server's default.</summary>
    public long? Limit { get; }

    /// <summary>The arguments this rule adds to a command.</summary>
    internal int ArgumentCount => Limit is null ? 3 : 5;

    /// <summary>MAXLEN: keep the newest <paramref name="length"/> entries (about that many when <paramref name="approximate"/>).</summary>
    public static StreamTrim MaxLength(long length, bool approximate = false, long? limit = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new StreamTrim(StreamTrimStrategy.MaxLength, length, default, approximate, limit);
    }

    /// <summary>MINID: drop entries whose id is below <paramref name="id"/> (some may stay when <paramref name="approximate"/>).</summary>
    public static StreamTrim MinId(RedisStreamId id, bool approximate = false, long? limit = null) =>
        new(StreamTrimStrategy.MinId, 0, id, approximate, limit);

    /// <summary>MINID for entries older than <paramref name="cutoff"/>, from the millisecond part of Redis-generated ids.</summary>
    public static StreamTrim MinAge(DateTimeOffset cutoff, bool approximate = false, long? limit = null) =>
        MinId(new RedisStreamId((ulong)Math.Max(0, cutoff.ToUnixTimeMilliseconds()), 0), approximate, limit);

    /// <summary>The rule as Redis arguments, e.g. <c>MAXLEN ~ 1000</c>.</summary>
    public override string ToString() => Strategy switch
    {
        StreamTrimStrategy.MaxLength => $"MAXLEN {(Approximate ? '~' : '=')} {Length}{LimitText()}",
        StreamTrimStrategy.MinId => $"MINID {(Approximate ? '~' : '=')} {Id}{LimitText()}",
        _ => "(none)",
    };

    /// <summary>Refuses a default value before a command starts; <paramref name="parameterName"/> names the argument.</summary>
    internal void EnsureValid(string parameterName)
    {
        if (Strategy == StreamTrimStrategy.None)
        {
            throw new ArgumentException("A default StreamTrim has no rule; create one with StreamTrim.MaxLength or StreamTrim.MinId.", parameterName);
        }
    }

    /// <summary>Writes <c>MAXLEN|MINID =|~ threshold [LIMIT n]</c>; call <see cref="EnsureValid"/> before the command starts.</summary>
    internal void WriteTo(CommandWriter command)
    {
        switch (Strategy)
        {
            case StreamTrimStrategy.MaxLength:
                command.Write("MAXLEN"u8);
                command.Write(Approximate ? "~"u8 : "="u8);
                command.Write(Length);
                break;
            case StreamTrimStrategy.MinId:
                command.Write("MINID"u8);
                command.Write(Approximate ? "~"u8 : "="u8);
                command.Write(Id);
                break;
            default:
                throw new InvalidOperationException("A default StreamTrim has no rule; create one with StreamTrim.MaxLength or StreamTrim.MinId.");
        }

        if (Limit is { } limit)
        {
            command.Write("LIMIT"u8);
            command.Write(limit);
        }
    }

    /// <summary>
    /// The same words as <see cref="WriteTo"/>, as values for a script's ARGV (the scripts pass them on to XADD);
    /// call <see cref="EnsureValid"/> first.
    /// </summary>
    internal void AppendArguments(List<RedisValue> arguments)
    {
        arguments.Add(Strategy == StreamTrimStrategy.MaxLength ? "MAXLEN" : "MINID");
        arguments.Add(Approximate ? "~" : "=");
        arguments.Add(Strategy == StreamTrimStrategy.MaxLength ? Length : Id.ToString());
        if (Limit is { } limit)
        {
            arguments.Add("LIMIT");
            arguments.Add(limit);
        }
    }

    private string LimitText() => Limit is { } limit ? $" LIMIT {limit}" : string.Empty;
}
