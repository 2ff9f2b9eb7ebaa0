using System.Runtime.ExceptionServices;
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
                var command = WriteXAdd(key, entries[issued], trim, noMakeStream: false, "*");

                // Queued without a flush (one write for the whole batch, below). When the connection failed in the middle
                // of the batch, the rest fail instead of waiting for a reconnect: sent later they would land on the stream
                // before the earlier entries the caller retries.
                replies[issued] = Queue(connection, command, StreamParsers.NullableId, _options.CommandTimeout, flush: false, waitForReconnect: issued == 0, cancellationToken);
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

    /// <summary>Refuses an entry with no fields or a field without a name (XADD would fail after a partial write).</summary>
    private static void CheckFields(IReadOnlyList<StreamField>? fields, int? entry)
    {
        var which = entry is { } index ? $"Entry {index} of the batch" : "XADD";
        if (fields is not { Count: > 0 })
        {
            throw new ArgumentException($"{which} needs at least one field.", nameof(fields));
        }

        for (var i = 0; i < fields.Count; i++)
        {
            if (!fields[i].HasName)
            {
                throw new ArgumentException($"{which}: field {i} has no name.", nameof(fields));
            }
        }
    }

    /// <summary>XADD key [NOMKSTREAM] [trim] id field value …, serialised and ready to queue.</summary>
    private static CommandWriter WriteXAdd(string key, IReadOnlyList<StreamField> fields, StreamTrim? trim, bool noMakeStream, string id)
    {
        var command = StartXAdd(key, fields.Count, trim, noMakeStream, id);
        for (var i = 0; i < fields.Count; i++)
        {
            fields[i].WriteName(command);
            command.Write(fields[i].Value);
        }

        return command;
    }
}
