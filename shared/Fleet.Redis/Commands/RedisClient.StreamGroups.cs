using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>Consumer-group commands: XREADGROUP, XACK, XCLAIM, XAUTOCLAIM and XGROUP.</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// XREADGROUP of one stream as <paramref name="consumer"/> of <paramref name="group"/>. Position <c>&gt;</c>
    /// delivers entries no consumer of the group has seen (they join this consumer's pending list); an id re-reads
    /// this consumer's own pending entries after it, where entries deleted meanwhile come back
    /// <see cref="StreamEntry.IsDeleted"/>. With <paramref name="block"/> the call waits up to that long on a
    /// dedicated connection and returns an empty list when nothing came. <paramref name="noAck"/> (NOACK) skips
    /// the pending list. Fails with <see cref="RedisServerException"/> <c>NOGROUP</c> when the group is missing.
    /// </summary>
    public ValueTask<IReadOnlyList<StreamEntry>> XReadGroupAsync(
        string group,
        string consumer,
        string key,
        string position = StreamPosition.Undelivered,
        int? count = null,
        TimeSpan? block = null,
        bool noAck = false,
        CancellationToken cancellationToken = default)
    {
        CheckGroup(group, consumer);
        StreamCommandArguments.CheckPosition(key, position);
        var blockMilliseconds = StreamCommandArguments.CheckReadOptions(count, block);
        var command = CommandWriter.Start("XREADGROUP", StreamCommandArguments.ReadArgumentCount(3, 1, count, blockMilliseconds, noAck));
        WriteGroup(command, group, consumer);
        StreamCommandArguments.WriteReadOptions(command, count, blockMilliseconds, noAck);
        command.Write("STREAMS"u8);
        command.Write(key);
        command.Write(position);
        return ExecuteRead(command, StreamParsers.SingleStream, block, cancellationToken);
    }

    /// <summary>
    /// XREADGROUP of several streams in one call; returns only the streams that had entries. Otherwise as
    /// <see cref="XReadGroupAsync(string, string, string, string, int?, TimeSpan?, bool, CancellationToken)"/>.
    /// </summary>
    public ValueTask<IReadOnlyList<StreamReadResult>> XReadGroupAsync(
        string group,
        string consumer,
        IReadOnlyList<StreamPosition> streams,
        int? count = null,
        TimeSpan? block = null,
        bool noAck = false,
        CancellationToken cancellationToken = default)
    {
        CheckGroup(group, consumer);
        StreamCommandArguments.CheckPositions(streams);
        var blockMilliseconds = StreamCommandArguments.CheckReadOptions(count, block);
        var command = CommandWriter.Start("XREADGROUP", StreamCommandArguments.ReadArgumentCount(3, streams.Count, count, blockMilliseconds, noAck));
        WriteGroup(command, group, consumer);
        StreamCommandArguments.WriteReadOptions(command, count, blockMilliseconds, noAck);
        StreamCommandArguments.WriteStreams(command, streams);
        return ExecuteRead(command, StreamParsers.Streams, block, cancellationToken);
    }

    /// <summary>XACK: removes one entry from the group's pending list; returns 1, or 0 when it was not pending.</summary>
    public ValueTask<long> XAckAsync(string key, string group, RedisStreamId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(group);
        var command = CommandWriter.Start("XACK", 4);
        command.Write(key);
        command.Write(group);
        command.Write(id);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>XACK: removes entries from the group's pending list; returns how many were pending.</summary>
    public ValueTask<long> XAckAsync(string key, string group, IReadOnlyList<RedisStreamId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(group);
        StreamCommandArguments.CheckIds(ids, nameof(ids));
        var command = CommandWriter.Start("XACK", 3 + ids.Count);
        command.Write(key);
        command.Write(group);
        WriteIds(command, ids);
        return ExecuteAsync(command, ResultParsers.Integer, cancellationToken);
    }

    /// <summary>
    /// XCLAIM: gives <paramref name="consumer"/> the pending entries among <paramref name="ids"/> that have been idle
    /// at least <paramref name="minIdle"/>, and returns them (their delivery count goes up by one). Entries deleted
    /// from the stream are dropped from the pending list and not returned (Redis 7).
    /// </summary>
    public ValueTask<IReadOnlyList<StreamEntry>> XClaimAsync(
        string key,
        string group,
        string consumer,
        TimeSpan minIdle,
        IReadOnlyList<RedisStreamId> ids,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(StartClaim(key, group, consumer, minIdle, ids, justId: false), StreamParsers.Entries, cancellationToken);

    /// <summary>
    /// XCLAIM … JUSTID: like <see cref="XClaimAsync"/> but returns only the ids, and does not raise the delivery count.
    /// </summary>
    public ValueTask<IReadOnlyList<RedisStreamId>> XClaimIdsAsync(
        string key,
        string group,
        string consumer,
        TimeSpan minIdle,
        IReadOnlyList<RedisStreamId> ids,
        CancellationToken cancellationToken = default) =>
        ExecuteAsync(StartClaim(key, group, consumer, minIdle, ids, justId: true), StreamParsers.Ids, cancellationToken);

    /// <summary>
    /// XAUTOCLAIM: scans the group's pending list from <paramref name="start"/> and gives <paramref name="consumer"/>
    /// up to <paramref name="count"/> entries (server default 100) idle at least <paramref name="minIdle"/>. Call
    /// again with <see cref="StreamAutoClaimResult.NextStart"/> until it is <see cref="RedisStreamId.Zero"/>.
    /// </summary>
    public ValueTask<StreamAutoClaimResult> XAutoClaimAsync(
        string key,
        string group,
        string consumer,
        TimeSpan minIdle,
        RedisStreamId start = default,
        int? count = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckGroup(group, consumer);
        var idle = StreamCommandArguments.Milliseconds(minIdle, nameof(minIdle));
        StreamCommandArguments.CheckCount(count, nameof(count));
        var command = CommandWriter.Start("XAUTOCLAIM", 6 + (count is null ? 0 : 2));
        command.Write(key);
        command.Write(group);
        command.Write(consumer);
        command.Write(idle);
        command.Write(start);
        if (count is { } limit)
        {
            command.Write("COUNT"u8);
            command.Write(limit);
        }

        return ExecuteAsync(command, StreamParsers.AutoClaim, cancellationToken);
    }

    /// <summary>
    /// XGROUP CREATE: creates <paramref name="group"/> reading from <paramref name="position"/> (<c>$</c>: only new
    /// entries; <c>0</c>: the whole stream; or an id). <paramref name="makeStream"/> (MKSTREAM) creates a missing
    /// stream; <paramref name="entriesRead"/> (ENTRIESREAD, Redis 7) sets the lag counter. Fails with
    /// <see cref="RedisServerException"/> <c>BUSYGROUP</c> when the group exists; see <see cref="XGroupCreateIfMissingAsync"/>.
    /// </summary>
    public ValueTask<bool> XGroupCreateAsync(
        string key,
        string group,
        string position = StreamPosition.Latest,
        bool makeStream = false,
        long? entriesRead = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(position);
        var command = CommandWriter.Start("XGROUP", 5 + (makeStream ? 1 : 0) + (entriesRead is null ? 0 : 2));
        command.Write("CREATE"u8);
        command.Write(key);
        command.Write(group);
        command.Write(position);
        if (makeStream)
        {
            command.Write("MKSTREAM"u8);
        }

        WriteEntriesRead(command, entriesRead);
        return ExecuteAsync(command, ResultParsers.Ok, cancellationToken);
    }

    /// <summary>
    /// XGROUP CREATE that returns false instead of failing when the group already exists (BUSYGROUP), for
    /// consumers that (re)create their group at start and after Redis lost it.
    /// </summary>
    public async ValueTask<bool> XGroupCreateIfMissingAsync(
        string key,
        string group,
        string position = StreamPosition.Latest,
        bool makeStream = false,
        long? entriesRead = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await XGroupCreateAsync(key, group, position, makeStream, entriesRead, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Is("BUSYGROUP"))
        {
            return false;
        }
    }

    /// <summary>XGROUP SETID: moves the group's last-delivered id to <paramref name="position"/> (an id or <c>$</c>).</summary>
    public ValueTask<bool> XGroupSetIdAsync(string key, string group, string position, long? entriesRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(position);
        var command = CommandWriter.Start("XGROUP", 5 + (entriesRead is null ? 0 : 2));
        command.Write("SETID"u8);
        command.Write(key);
        command.Write(group);
        command.Write(position);
        WriteEntriesRead(command, entriesRead);
        return ExecuteAsync(command, ResultParsers.Ok, cancellationToken);
    }

    /// <summary>XGROUP DESTROY: deletes the group and its pending list; false when it did not exist.</summary>
    public ValueTask<bool> XGroupDestroyAsync(string key, string group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(group);
        var command = CommandWriter.Start("XGROUP", 4);
        command.Write("DESTROY"u8);
        command.Write(key);
        command.Write(group);
        return ExecuteAsync(command, ResultParsers.Boolean, cancellationToken);
    }

    /// <summary>XGROUP CREATECONSUMER: adds a consumer to the group; false when it existed.</summary>
    public ValueTask<bool> XGroupCreateConsumerAsync(string key, string group, string consumer, CancellationToken cancellationToken = default) =>
        ExecuteAsync(StartConsumerCommand("CREATECONSUMER"u8, key, group, consumer), ResultParsers.Boolean, cancellationToken);

    /// <summary>
    /// XGROUP DELCONSUMER: removes a consumer and returns how many entries it had pending; those entries leave the
    /// group's pending list unacknowledged, so claim them first when they matter.
    /// </summary>
    public ValueTask<long> XGroupDeleteConsumerAsync(string key, string group, string consumer, CancellationToken cancellationToken = default) =>
        ExecuteAsync(StartConsumerCommand("DELCONSUMER"u8, key, group, consumer), ResultParsers.Integer, cancellationToken);

    private static void CheckGroup(string group, string consumer)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
    }

    private static void WriteGroup(CommandWriter command, string group, string consumer)
    {
        command.Write("GROUP"u8);
        command.Write(group);
        command.Write(consumer);
    }

    private static void WriteEntriesRead(CommandWriter command, long? entriesRead)
    {
        if (entriesRead is { } read)
        {
            command.Write("ENTRIESREAD"u8);
            command.Write(read);
        }
    }

    private static CommandWriter StartClaim(string key, string group, string consumer, TimeSpan minIdle, IReadOnlyList<RedisStreamId> ids, bool justId)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckGroup(group, consumer);
        var idle = StreamCommandArguments.Milliseconds(minIdle, nameof(minIdle));
        StreamCommandArguments.CheckIds(ids, nameof(ids));
        var command = CommandWriter.Start("XCLAIM", 5 + ids.Count + (justId ? 1 : 0));
        command.Write(key);
        command.Write(group);
        command.Write(consumer);
        command.Write(idle);
        WriteIds(command, ids);
        if (justId)
        {
            command.Write("JUSTID"u8);
        }

        return command;
    }

    private static CommandWriter StartConsumerCommand(ReadOnlySpan<byte> subcommand, string key, string group, string consumer)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckGroup(group, consumer);
        var command = CommandWriter.Start("XGROUP", 5);
        command.Write(subcommand);
        command.Write(key);
        command.Write(group);
        command.Write(consumer);
        return command;
    }
}
