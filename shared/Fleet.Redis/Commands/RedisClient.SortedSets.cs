using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>Sorted-set commands: ZADD, ZSCORE, ZRANGE (by rank or BYSCORE, WITHSCORES), ZREM, ZCARD, ZINCRBY, ZPOPMIN.</summary>
public sealed partial class RedisClient
{
    /// <summary>ZADD of one member; true when it was added (or, with <see cref="SortedSetAddOptions.CountChanged"/>, changed).</summary>
    public async ValueTask<bool> SortedSetAddAsync(string key, RedisValue member, double score, SortedSetAddOptions options = SortedSetAddOptions.None, CancellationToken cancellationToken = default) =>
        await SortedSetAddAsync(key, [new SortedSetEntry(member, score)], options, cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>
    /// ZADD: adds or updates <paramref name="entries"/> as <paramref name="options"/> allow and returns how many
    /// members were added (or, with <see cref="SortedSetAddOptions.CountChanged"/>, added or given a new score).
    /// </summary>
    public ValueTask<long> SortedSetAddAsync(string key, IReadOnlyCollection<SortedSetEntry> entries, SortedSetAddOptions options = SortedSetAddOptions.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("ZADD needs at least one member.", nameof(entries));
        }

        var flags = AddFlags(options);
        var command = CommandWriter.Start("ZADD", 2 + flags.Count + (2 * entries.Count));
        command.Write(key);
        foreach (var flag in flags)
        {
            command.Write(flag);
        }

        foreach (var entry in entries)
        {
            command.Write(entry.Score);
            command.Write(entry.Member);
        }

        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>ZSCORE: the score of <paramref name="member"/>, or null when the member or the key is missing.</summary>
    public ValueTask<double?> SortedSetScoreAsync(string key, RedisValue member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("ZSCORE", 3);
        command.Write(key);
        command.Write(member);
        return ExecuteAsync(command, ResultParsers.NullableDouble, cancellationToken);
    }

    /// <summary>ZRANGE by rank: the members from rank <paramref name="start"/> to <paramref name="stop"/> inclusive (negative ranks count from the end).</summary>
    public ValueTask<RedisValue[]> SortedSetRangeByRankAsync(string key, long start = 0, long stop = -1, bool descending = false, CancellationToken cancellationToken = default) =>
        ExecuteAsync(RangeCommand(key, start, stop, byScore: false, descending, 0, -1, withScores: false), ResultParsers.Values, cancellationToken);

    /// <summary>ZRANGE by rank WITHSCORES: like <see cref="SortedSetRangeByRankAsync"/>, with each member's score.</summary>
    public ValueTask<SortedSetEntry[]> SortedSetRangeByRankWithScoresAsync(string key, long start = 0, long stop = -1, bool descending = false, CancellationToken cancellationToken = default) =>
        ExecuteAsync(RangeCommand(key, start, stop, byScore: false, descending, 0, -1, withScores: true), CollectionParsers.Entries, cancellationToken);

    /// <summary>
    /// ZRANGE BYSCORE: the members scored from <paramref name="min"/> to <paramref name="max"/> inclusive (infinities allowed),
    /// lowest first (highest first when <paramref name="descending"/>), skipping <paramref name="offset"/> and returning at most
    /// <paramref name="count"/> (all when negative). Needs Redis 6.2.
    /// </summary>
    public ValueTask<RedisValue[]> SortedSetRangeByScoreAsync(
        string key,
        double min = double.NegativeInfinity,
        double max = double.PositiveInfinity,
        long offset = 0,
        long count = -1,
        bool descending = false,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(RangeCommand(key, min, max, byScore: true, descending, offset, count, withScores: false), ResultParsers.Values, cancellationToken);

    /// <summary>ZRANGE BYSCORE WITHSCORES: like <see cref="SortedSetRangeByScoreAsync"/>, with each member's score.</summary>
    public ValueTask<SortedSetEntry[]> SortedSetRangeByScoreWithScoresAsync(
        string key,
        double min = double.NegativeInfinity,
        double max = double.PositiveInfinity,
        long offset = 0,
        long count = -1,
        bool descending = false,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(RangeCommand(key, min, max, byScore: true, descending, offset, count, withScores: true), CollectionParsers.Entries, cancellationToken);

    /// <summary>ZREM of one member; true when it was there.</summary>
    public async ValueTask<bool> SortedSetRemoveAsync(string key, RedisValue member, CancellationToken cancellationToken = default) =>
        await SortedSetRemoveAsync(key, [member], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>ZREM: removes <paramref name="members"/> and returns how many were there.</summary>
    public ValueTask<long> SortedSetRemoveAsync(string key, IReadOnlyList<RedisValue> members, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("ZREM needs at least one member.", nameof(members));
        }

        var command = CommandWriter.Start("ZREM", 2 + members.Count);
        command.Write(key);
        foreach (var member in members)
        {
            command.Write(member);
        }

        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>ZCARD: the number of members (0 when the key is missing).</summary>
    public ValueTask<long> SortedSetLengthAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("ZCARD", 2);
        command.Write(key);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>ZINCRBY: adds <paramref name="increment"/> to the score of <paramref name="member"/> (0 when missing) and returns the new score.</summary>
    public ValueTask<double> SortedSetIncrementAsync(string key, RedisValue member, double increment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("ZINCRBY", 4);
        command.Write(key);
        command.Write(increment);
        command.Write(member);
        return ExecuteAsync(command, DoubleParser.Instance, cancellationToken);
    }

    /// <summary>ZPOPMIN: removes and returns up to <paramref name="count"/> members with the lowest scores, lowest first.</summary>
    public ValueTask<SortedSetEntry[]> SortedSetPopMinAsync(string key, long count = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var command = CommandWriter.Start("ZPOPMIN", 3);
        command.Write(key);
        command.Write(count);
        return ExecuteAsync(command, CollectionParsers.Entries, cancellationToken);
    }

    private static List<string> AddFlags(SortedSetAddOptions options)
    {
        var ifNotExists = options.HasFlag(SortedSetAddOptions.IfNotExists);
        var greater = options.HasFlag(SortedSetAddOptions.GreaterThan);
        var less = options.HasFlag(SortedSetAddOptions.LessThan);
        // Redis rejects these combinations with a syntax error; saying why here is kinder.
        if ((ifNotExists && (greater || less || options.HasFlag(SortedSetAddOptions.IfExists))) || (greater && less))
        {
            throw new ArgumentException($"ZADD options {options} cannot be combined: NX excludes XX, GT and LT, and GT excludes LT.", nameof(options));
        }

        var flags = new List<string>(3);
        AddFlag(flags, options, SortedSetAddOptions.IfNotExists, "NX");
        AddFlag(flags, options, SortedSetAddOptions.IfExists, "XX");
        AddFlag(flags, options, SortedSetAddOptions.GreaterThan, "GT");
        AddFlag(flags, options, SortedSetAddOptions.LessThan, "LT");
        AddFlag(flags, options, SortedSetAddOptions.CountChanged, "CH");
        return flags;
    }

    private static void AddFlag(List<string> flags, SortedSetAddOptions options, SortedSetAddOptions flag, string token)
    {
        if (options.HasFlag(flag))
        {
            flags.Add(token);
        }
    }

    /// <summary>ZRANGE key start stop [BYSCORE] [REV] [LIMIT offset count] [WITHSCORES]; with REV and BYSCORE Redis takes max before min.</summary>
    private static CommandWriter RangeCommand(string key, RedisValue start, RedisValue stop, bool byScore, bool descending, long offset, long count, bool withScores)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var limit = byScore && (offset != 0 || count >= 0);
        var command = CommandWriter.Start("ZRANGE", 4 + (byScore ? 1 : 0) + (descending ? 1 : 0) + (limit ? 3 : 0) + (withScores ? 1 : 0));
        command.Write(key);
        command.Write(byScore && descending ? stop : start);
        command.Write(byScore && descending ? start : stop);
        if (byScore)
        {
            command.Write("BYSCORE"u8);
        }

        if (descending)
        {
            command.Write("REV"u8);
        }

        if (limit)
        {
            command.Write("LIMIT"u8);
            command.Write(offset);
            command.Write(count);
        }

        if (withScores)
        {
            command.Write("WITHSCORES"u8);
        }

        return command;
    }

    /// <summary>A score: RESP3 double, or the bulk string RESP2 sends.</summary>
    private sealed class DoubleParser : IResultParser<double>
    {
        public static readonly DoubleParser Instance = new();

        public double Parse(ref RespReader reader) => reader.ReadDouble();
    }
}
