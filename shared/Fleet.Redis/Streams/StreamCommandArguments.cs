using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>Argument checks and encodings shared by the stream commands; checks run before a command starts.</summary>
internal static class StreamCommandArguments
{
    /// <summary>The longest BLOCK accepted, so that BLOCK plus the command timeout stays a sane deadline.</summary>
    public static readonly TimeSpan MaxBlock = TimeSpan.FromDays(365);

    /// <summary>Writes an id as <c>ms-seq</c> without allocating.</summary>
    public static void Write(this CommandWriter command, RedisStreamId id)
    {
        Span<byte> text = stackalloc byte[RedisStreamId.MaxLength];
        id.TryFormat(text, out var written);
        command.Write(text[..written]);
    }

    /// <summary>
    /// The BLOCK argument in milliseconds (rounded up, so a tiny positive wait never becomes Redis's "forever" 0);
    /// <see cref="Timeout.InfiniteTimeSpan"/> gives 0, which Redis reads as "wait forever".
    /// </summary>
    public static long BlockMilliseconds(TimeSpan block, string parameterName)
    {
        if (block == Timeout.InfiniteTimeSpan)
        {
            return 0;
        }

        if (block <= TimeSpan.Zero || block > MaxBlock)
        {
            throw new ArgumentOutOfRangeException(parameterName, block, "A stream read BLOCK must be positive and at most 365 days, or Timeout.InfiniteTimeSpan to wait forever.");
        }

        return Math.Max(1, (long)Math.Ceiling(block.TotalMilliseconds));
    }

    /// <summary>How long the client waits for a blocking read's own BLOCK (the connection adds the command timeout).</summary>
    public static TimeSpan BlockWait(TimeSpan block) => block == Timeout.InfiniteTimeSpan ? MaxBlock : block;

    /// <summary>A non-negative duration in whole milliseconds (MIN-IDLE-TIME and IDLE arguments).</summary>
    public static long Milliseconds(TimeSpan duration, string parameterName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero, parameterName);
        return (long)duration.TotalMilliseconds;
    }

    /// <summary>A COUNT argument: at least 1.</summary>
    public static void CheckCount(int? count, string parameterName)
    {
        if (count is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, parameterName);
        }
    }

    /// <summary>A list of ids: not null, not empty (every command taking ids needs one at least).</summary>
    public static void CheckIds(IReadOnlyList<RedisStreamId> ids, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(ids, parameterName);
        if (ids.Count == 0)
        {
            throw new ArgumentException("At least one stream id is needed.", parameterName);
        }
    }

    /// <summary>The key and position of a one-stream XREAD / XREADGROUP.</summary>
    public static void CheckPosition(string key, string position)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(position);
    }

    /// <summary>The streams of a several-stream XREAD / XREADGROUP: at least one, each with a key and a position.</summary>
    public static void CheckPositions(IReadOnlyList<StreamPosition> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Count == 0)
        {
            throw new ArgumentException("At least one stream is needed.", nameof(streams));
        }

        for (var i = 0; i < streams.Count; i++)
        {
            if (streams[i].Key is null || string.IsNullOrEmpty(streams[i].Position))
            {
                throw new ArgumentException($"Stream {i} has no key or no position.", nameof(streams));
            }
        }
    }

    /// <summary>Checks COUNT and BLOCK of XREAD / XREADGROUP and returns BLOCK in milliseconds (null without BLOCK).</summary>
    public static long? CheckReadOptions(int? count, TimeSpan? block)
    {
        CheckCount(count, nameof(count));
        return block is { } wait ? BlockMilliseconds(wait, nameof(block)) : null;
    }

    /// <summary>The argument count of XREAD / XREADGROUP, the name and <paramref name="prefixCount"/> (GROUP g c) included.</summary>
    public static int ReadArgumentCount(int prefixCount, int streamCount, int? count, long? blockMilliseconds, bool noAck) =>
        1 + prefixCount + (count is null ? 0 : 2) + (blockMilliseconds is null ? 0 : 2) + (noAck ? 1 : 0) + 1 + (2 * streamCount);

    /// <summary>Writes <c>[COUNT n] [BLOCK ms] [NOACK]</c>.</summary>
    public static void WriteReadOptions(CommandWriter command, int? count, long? blockMilliseconds, bool noAck)
    {
        if (count is { } limit)
        {
            command.Write("COUNT"u8);
            command.Write(limit);
        }

        if (blockMilliseconds is { } wait)
        {
            command.Write("BLOCK"u8);
            command.Write(wait);
        }

        if (noAck)
        {
            command.Write("NOACK"u8);
        }
    }

    /// <summary>Writes <c>STREAMS key1 key2 ... position1 position2 ...</c>.</summary>
    public static void WriteStreams(CommandWriter command, IReadOnlyList<StreamPosition> streams)
    {
        command.Write("STREAMS"u8);
        for (var i = 0; i < streams.Count; i++)
        {
            command.Write(streams[i].Key);
        }

        for (var i = 0; i < streams.Count; i++)
        {
            command.Write(streams[i].Position);
        }
    }
}
