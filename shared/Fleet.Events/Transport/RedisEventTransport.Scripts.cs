using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <content>
/// The atomic moves (dead letter, ack with idempotency mark, release of delayed events) as Lua scripts run with
/// EVALSHA and EVAL on NOSCRIPT, and the sorted set of delayed events (ZADD).
/// </content>
internal sealed partial class RedisEventTransport
{
    /// <inheritdoc/>
    public async ValueTask<bool> DeadLetterAsync(string stream, string deadLetterStream, string group, RedisStreamId id, IReadOnlyList<StreamField> fields, StreamTrim? trim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("A dead letter needs at least one field.", nameof(fields));
        }

        if (TooLargeForScript(fields))
        {
            return await DeadLetterLargeAsync(stream, deadLetterStream, group, id, fields, trim, cancellationToken);
        }

        var arguments = new List<RedisValue>(3 + 5 + (2 * fields.Count)) { group, id.ToString() };
        AddTrim(arguments, trim);
        foreach (var field in fields)
        {
            arguments.Add(field.NameBytes);
            arguments.Add(field.Value);
        }

        var result = await _client.EvaluateAsync(RedisEventScripts.DeadLetter, [stream, deadLetterStream], arguments, cancellationToken);
        return result.ToInt64() == 1;
    }

    /// <inheritdoc/>
    public async ValueTask AckAndMarkProcessedAsync(string stream, string group, RedisStreamId id, string markKey, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);

        await _client.EvaluateAsync(RedisEventScripts.AckAndMarkProcessed, [stream, markKey], [group, id.ToString(), Milliseconds(ttl)], cancellationToken);
    }

    /// <summary>A time-to-live for PX: whole milliseconds, and never 0 (PX refuses it), so a tiny TTL still sets the key.</summary>
    private static long Milliseconds(TimeSpan ttl) => Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds));

    private static string ScriptName(StagedCommand command) => command switch
    {
        StagedCommand.Set => "set",
        StagedCommand.IncrementBy => "incrby",
        StagedCommand.HashSet => "hset",
        StagedCommand.HashIncrementBy => "hincrby",
        StagedCommand.Delete => "del",
        StagedCommand.SortedSetAdd => "zadd",
        StagedCommand.SetAdd => "sadd",
        _ => "pexpire",
    };

    /// <inheritdoc/>
    public async ValueTask<CommitOutcome> CommitAsync(string stream, string group, RedisStreamId id, string? markKey, TimeSpan markTtl, IReadOnlyList<StagedWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var keys = new List<string>(2 + writes.Count) { stream, markKey ?? stream };
        var arguments = new List<RedisValue>(3 + (3 * writes.Count)) { group, id.ToString(), markKey is null ? 0 : Milliseconds(markTtl) };
        foreach (var write in writes)
        {
            keys.Add(write.Key);
            arguments.Add(ScriptName(write.Command));
            arguments.Add(write.First.IsNull ? string.Empty : write.First);
            arguments.Add(write.Second.IsNull ? string.Empty : write.Second);
        }

        var result = await _client.EvaluateAsync(RedisEventScripts.Commit, keys, arguments, cancellationToken);
        return result.ToInt64() switch
        {
            1 => CommitOutcome.Applied,
            2 => CommitOutcome.Duplicate,
            _ => CommitOutcome.NotPending,
        };
    }

    /// <summary>ZADD with the due time in Unix milliseconds as the score (a member added again gets the new due time).</summary>
    public async ValueTask ScheduleAsync(string scheduledKey, string member, DateTimeOffset due, CancellationToken cancellationToken) =>
        await _client.SortedSetAddAsync(scheduledKey, member, due.ToUnixTimeMilliseconds(), cancellationToken: cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<int> ReleaseDueAsync(string scheduledKey, string stream, string deadLetterStream, DateTimeOffset now, int max, StreamTrim? trim, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var arguments = new List<RedisValue>(2 + 6) { now.ToUnixTimeMilliseconds(), max };
        AddTrim(arguments, trim);
        arguments.Add(EnvelopeCodec.FormatTimestamp(now));
        arguments.Add(StreamKeys.NameOf(stream));
        var result = await _client.EvaluateAsync(RedisEventScripts.ReleaseDue, [scheduledKey, stream, deadLetterStream], arguments, cancellationToken);
        return checked((int)result.ToInt64());
    }

    /// <summary>
    /// Appends a trim clause as the scripts read it: the number of words, then the words of
    /// <c>MAXLEN|MINID =|~ threshold [LIMIT n]</c>, as XADD takes them; just <c>0</c> without a clause.
    /// </summary>
    private static void AddTrim(List<RedisValue> arguments, StreamTrim? trim)
    {
        if (trim is not { } rule)
        {
            arguments.Add(0);
            return;
        }

        rule.EnsureValid(nameof(trim));
        var countAt = arguments.Count;
        arguments.Add(0);
        rule.AppendArguments(arguments);
        arguments[countAt] = arguments.Count - countAt - 1;
    }
}
