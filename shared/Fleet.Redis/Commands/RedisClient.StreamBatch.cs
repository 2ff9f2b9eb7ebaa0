using System.Runtime.ExceptionServices;
using Fleet.Redis.Connections;
using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>XADD of many entries as one pipeline.</summary>
public sealed partial class RedisClient
{
    /// <summary>
    /// XADD of each of <paramref name="entries"/> to one stream, in order, and their ids in the same order. The
    /// commands are written back to back on the shared connection and sent together (one socket write instead of
    /// one per entry), so Redis runs them in that order while the connection stays up. Every entry is checked
    /// before anything is sent. Each XADD succeeds or fails on its own: all replies are awaited, then the first
    /// failure is thrown. When the connection is down at the start, the first XADD waits for the reconnect and the
    /// rest follow it; when it fails in the middle, the entries not yet written fail too (never sent later, out of order).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2012:Use ValueTasks correctly", Justification = "Each reply is kept until every command is written, then awaited exactly once.")]
    public async ValueTask<RedisStreamId?[]> XAddBatchAsync(
        string key,
        IReadOnlyList<IReadOnlyList<StreamField>> entries,
        StreamTrim? trim = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(entries);
        trim?.EnsureValid(nameof(trim));
        for (var i = 0; i < entries.Count; i++)
        {
            CheckFields(entries[i], i);
        }

        var replies = new ValueTask<RedisStreamId?>[entries.Count];
        var connection = _supervisor.Current;
        var issued = 0;
        ExceptionDispatchInfo? failure = null;
        try
        {
            for (; issued < entries.Count; issued++)
            {
                var fields = entries[issued];
                var command = StartXAdd(key, fields.Count, trim, noMakeStream: false, "*");
                for (var f = 0; f < fields.Count; f++)
                {
                    command.Write(fields[f].Name);
                    command.Write(fields[f].Value);
                }

                replies[issued] = ExecuteWithoutFlush(connection, command, StreamParsers.NullableId, waitForReconnect: issued == 0, cancellationToken);
            }
        }
        catch (Exception ex)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            connection?.Flush();
        }

        // Every issued reply is awaited, even after a failure, so none is left unobserved.
        var ids = new RedisStreamId?[entries.Count];
        for (var i = 0; i < issued; i++)
        {
            try
            {
                ids[i] = await replies[i].ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failure ??= ExceptionDispatchInfo.Capture(ex);
            }
        }

        failure?.Throw();
        return ids;
    }

    private static void CheckFields(IReadOnlyList<StreamField>? fields, int entry)
    {
        if (fields is not { Count: > 0 })
        {
            throw new ArgumentException($"Entry {entry} of the batch has no fields.", nameof(fields));
        }

        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Name is null)
            {
                throw new ArgumentException($"Field {i} of entry {entry} has no name.", nameof(fields));
            }
        }
    }

    /// <summary>
    /// Queues a command on <paramref name="connection"/> without writing it yet (the caller flushes once for the
    /// whole pipeline); when that connection is gone the command waits for a reconnect like any other.
    /// </summary>
    private ValueTask<T> ExecuteWithoutFlush<T>(RedisConnection? connection, CommandWriter command, IResultParser<T> parser, bool waitForReconnect, CancellationToken cancellationToken)
    {
        bool sent;
        ValueTask<T> reply = default;
        try
        {
            sent = connection is not null && connection.TryQueue(command, parser, _options.CommandTimeout, flush: false, cancellationToken, out reply);
        }
        catch
        {
            command.Return();
            throw;
        }

        if (sent)
        {
            command.Return();
            return reply;
        }

        if (!waitForReconnect)
        {
            // The connection failed in the middle of the batch. Sending the rest after a reconnect would put them on
            // the stream before the earlier ones the caller retries, so they fail with the earlier ones instead.
            command.Return();
            throw new RedisConnectionException("The connection was lost while a batch of XADDs was being sent; this entry and the ones after it were not sent.");
        }

        return ExecuteAfterReconnectAsync(command, parser, _options.CommandTimeout, cancellationToken);
    }
}
