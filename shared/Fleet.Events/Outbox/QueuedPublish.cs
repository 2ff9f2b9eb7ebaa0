using Fleet.Redis;

namespace Fleet.Events.Outbox;

/// <summary>
/// One publish call (one event or one batch, to one stream) that does not go straight to Redis: it is spooled to the
/// outbox, or held in memory behind the outbox while the replay drains it and then sent by the replayer. The caller
/// awaits <see cref="Completion"/>: the entry ids once Redis accepted the entries, null once they are on disk, or the
/// error that stopped both.
/// </summary>
internal sealed class QueuedPublish(string stream, string streamKey, string eventType, IReadOnlyList<StreamField>[] entries)
{
    private readonly TaskCompletionSource<RedisStreamId[]?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[][]? _payloads;

    /// <summary>The stream name, for logs and metrics.</summary>
    public string Stream { get; } = stream;

    /// <summary>The stream key the entries go to.</summary>
    public string StreamKey { get; } = streamKey;

    /// <summary>The (first) event type, for logs.</summary>
    public string EventType { get; } = eventType;

    /// <summary>The entries' fields, in publish order.</summary>
    public IReadOnlyList<StreamField>[] Entries { get; } = entries;

    /// <summary>The entries encoded as outbox payloads (<see cref="OutboxRecordCodec"/>), encoded on first use.</summary>
    public byte[][] Payloads => _payloads ??= Encode();

    /// <summary>The entry ids (sent), null (spooled), or the error.</summary>
    public Task<RedisStreamId[]?> Completion => _done.Task;

    /// <summary>Redis accepted the entries.</summary>
    public void Sent(RedisStreamId[] ids) => _done.TrySetResult(ids);

    /// <summary>Neither sent nor spooled.</summary>
    public void Fail(Exception error) => _done.TrySetException(error);

    /// <summary>Completes as spooled when <paramref name="written"/> (the outbox writer's task) does, or with its error.</summary>
    public void SpoolTo(Task written) =>
        written.ContinueWith(
            static (task, state) =>
            {
                var publish = (QueuedPublish)state!;
                if (task.Exception is { } error)
                {
                    publish.Fail(error.InnerException ?? error);
                }
                else
                {
                    publish._done.TrySetResult(null);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private byte[][] Encode()
    {
        var payloads = new byte[Entries.Length][];
        for (var i = 0; i < payloads.Length; i++)
        {
            payloads[i] = OutboxRecordCodec.Encode(new OutboxRecord(StreamKey, Entries[i]));
        }

        return payloads;
    }
}
