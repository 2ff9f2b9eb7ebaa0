using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>Stream commands on entries: XADD, XRANGE, XREVRANGE, XLEN, XTRIM, XDEL, XREAD.</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// XADD: appends an entry with <paramref name="fields"/> in order and returns its id. <paramref name="trim"/>
    /// trims the stream in the same call (MAXLEN / MINID). With <paramref name="noMakeStream"/> (NOMKSTREAM) a
    /// missing stream is not created and the result is null. <paramref name="id"/> is <c>*</c> (Redis picks the
    /// next id) or an explicit id greater than the stream's last one.
    /// </summary>
    public ValueTask<RedisStreamId?> XAddAsync(
        string key,
        IReadOnlyList<StreamField> fields,
        StreamTrim? trim = null,
        bool noMakeStream = false,
        string id = "*",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentException.ThrowIfNullOrEmpty(id);
        trim?.EnsureValid(nameof(trim));
        CheckFields(fields, entry: null);
        return ExecuteAsync(WriteXAdd(key, fields, trim, noMakeStream, id), StreamParsers.NullableId, cancellationToken);
    }

    /// <summary>
    /// XADD from a span of fields, e.g. a slice of a reused array, so a publisher need not allocate a list per
    /// entry. Otherwise the same as <see cref="XAddAsync(string, IReadOnlyList{StreamField}, StreamTrim?, bool, string, CancellationToken)"/>;
    /// the fields are written before this method returns.
    /// </summary>
    public ValueTask<RedisStreamId?> XAddAsync(
        string key,
        ReadOnlySpan<StreamField> fields,
        StreamTrim? trim = null,
        bool noMakeStream = false,
        string id = "*",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(id);
        trim?.EnsureValid(nameof(trim));
        if (fields.IsEmpty)
        {
            throw new ArgumentException("XADD needs at least one field.", nameof(fields));
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if (!fields[i].HasName)
            {
                throw new ArgumentException($"Field {i} has no name.", nameof(fields));
            }
        }

        var command = StartXAdd(key, fields.Length, trim, noMakeStream, id);
        foreach (ref readonly var field in fields)
        {
            field.WriteName(command);
            command.Write(field.Value);
        }

        return ExecuteAsync(command, StreamParsers.NullableId, cancellationToken);
    }

    /// <summary>XLEN: the number of entries in the stream (0 when it does not exist).</summary>
    public ValueTask<long> XLenAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("XLEN", 2);
        command.Write(key);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>
    /// XRANGE: entries with ids from <paramref name="start"/> to <paramref name="end"/>, oldest first. Bounds are
    /// ids, <c>-</c> / <c>+</c> for the ends of the stream, or <c>(id</c> to exclude the id itself.
    /// </summary>
    public ValueTask<IReadOnlyList<StreamEntry>> XRangeAsync(string key, string start = "-", string end = "+", int? count = null, CancellationToken cancellationToken = default) =>
        Range("XRANGE", key, start, end, count, cancellationToken);

    /// <summary>
    /// XREVRANGE: entries with ids from <paramref name="end"/> down to <paramref name="start"/>, newest first. The
    /// parameters follow Redis's order (end first); bounds as for <see cref="XRangeAsync"/>.
    /// </summary>
    public ValueTask<IReadOnlyList<StreamEntry>> XRevRangeAsync(string key, string end = "+", string start = "-", int? count = null, CancellationToken cancellationToken = default) =>
        Range("XREVRANGE", key, end, start, count, cancellationToken);

    /// <summary>XTRIM: trims the stream by <paramref name="trim"/> and returns how many entries were deleted.</summary>
    public ValueTask<long> XTrimAsync(string key, StreamTrim trim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        trim.EnsureValid(nameof(trim));
        var command = CommandWriter.Start("XTRIM", 2 + trim.ArgumentCount);
        command.Write(key);
        trim.WriteTo(command);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>XDEL: deletes one entry; returns 1, or 0 when it did not exist.</summary>
    public ValueTask<long> XDelAsync(string key, RedisStreamId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var command = CommandWriter.Start("XDEL", 3);
        command.Write(key);
        command.Write(id);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>XDEL: deletes entries; returns how many existed.</summary>
    public ValueTask<long> XDelAsync(string key, IReadOnlyList<RedisStreamId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        StreamCommandArguments.CheckIds(ids, nameof(ids));
        var command = CommandWriter.Start("XDEL", 2 + ids.Count);
        command.Write(key);
        WriteIds(command, ids);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>
    /// XREAD of one stream: entries after <paramref name="position"/> (an id, <c>0</c> for the start, <c>$</c> for
    /// only new ones with <paramref name="block"/>). Without <paramref name="block"/> the call returns at once on
    /// the shared connection; with it, it waits up to that long on a dedicated connection
    /// (<see cref="Timeout.InfiniteTimeSpan"/> waits forever) and returns an empty list when nothing came.
    /// </summary>
    public ValueTask<IReadOnlyList<StreamEntry>> XReadAsync(
        string key,
        string position,
        int? count = null,
        TimeSpan? block = null,
        CancellationToken cancellationToken = default)
    {
        StreamCommandArguments.CheckPosition(key, position);
        var blockMilliseconds = StreamCommandArguments.CheckReadOptions(count, block);
        var command = CommandWriter.Start("XREAD", StreamCommandArguments.ReadArgumentCount(0, 1, count, blockMilliseconds, noAck: false));
        StreamCommandArguments.WriteReadOptions(command, count, blockMilliseconds, noAck: false);
        command.Write("STREAMS"u8);
        command.Write(key);
        command.Write(position);
        return ExecuteRead(command, StreamParsers.SingleStream, block, cancellationToken);
    }

    /// <summary>
    /// XREAD of several streams in one call; returns only the streams that had entries. Blocking as for
    /// <see cref="XReadAsync(string, string, int?, TimeSpan?, CancellationToken)"/>.
    /// </summary>
    public ValueTask<IReadOnlyList<StreamReadResult>> XReadAsync(
        IReadOnlyList<StreamPosition> streams,
        int? count = null,
        TimeSpan? block = null,
        CancellationToken cancellationToken = default)
    {
        StreamCommandArguments.CheckPositions(streams);
        var blockMilliseconds = StreamCommandArguments.CheckReadOptions(count, block);
        var command = CommandWriter.Start("XREAD", StreamCommandArguments.ReadArgumentCount(0, streams.Count, count, blockMilliseconds, noAck: false));
        StreamCommandArguments.WriteReadOptions(command, count, blockMilliseconds, noAck: false);
        StreamCommandArguments.WriteStreams(command, streams);
        return ExecuteRead(command, StreamParsers.Streams, block, cancellationToken);
    }

    private static CommandWriter StartXAdd(string key, int fieldCount, StreamTrim? trim, bool noMakeStream, string id)
    {
        var command = CommandWriter.Start("XADD", 3 + (noMakeStream ? 1 : 0) + (trim?.ArgumentCount ?? 0) + (2 * fieldCount));
        command.Write(key);
        if (noMakeStream)
        {
            command.Write("NOMKSTREAM"u8);
        }

        if (trim is { } rule)
        {
            rule.WriteTo(command);
        }

        command.Write(id);
        return command;
    }

    private static void WriteIds(CommandWriter command, IReadOnlyList<RedisStreamId> ids)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            command.Write(ids[i]);
        }
    }

    private ValueTask<IReadOnlyList<StreamEntry>> Range(string name, string key, string first, string second, int? count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(first);
        ArgumentException.ThrowIfNullOrEmpty(second);
        StreamCommandArguments.CheckCount(count, nameof(count));
        var command = CommandWriter.Start(name, 4 + (count is null ? 0 : 2));
        command.Write(key);
        command.Write(first);
        command.Write(second);
        if (count is { } limit)
        {
            command.Write("COUNT"u8);
            command.Write(limit);
        }

        return ExecuteAsync(command, StreamParsers.Entries, cancellationToken);
    }

    /// <summary>Blocking reads go to a dedicated connection, so a parked reader never holds up the shared one.</summary>
    private ValueTask<T> ExecuteRead<T>(CommandWriter command, IResultParser<T> parser, TimeSpan? block, CancellationToken cancellationToken) =>
        block is { } wait
            ? ExecuteBlockingAsync(command, parser, StreamCommandArguments.BlockWait(wait), cancellationToken)
            : ExecuteAsync(command, parser, cancellationToken);
}
