using System.Threading.Channels;
using Fleet.Redis;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Consumers;

/// <summary>
/// Acknowledges handled entries in batches: ids collect while one XACK is in flight and go out in the next, up to
/// <see cref="ConsumerGroupOptions.AckBatchSize"/> per command. An idle consumer acknowledges each entry at once; a
/// busy one sends few large XACKs. An XACK that fails (Redis unreachable) is retried with backoff; what cannot be sent
/// before stop stays pending in Redis and is delivered again (at-least-once), never acknowledged unhandled.
/// An entry deleted while pending (<see cref="AddLost"/>) gets an XACK of its own, whose reply says whether this consumer
/// removed it from the pending list: several paths can meet the same deleted entry (this consumer's recovery read, its
/// claim sweep, another consumer's claim), and only the one whose command removed it counts the loss.
/// </summary>
internal sealed class AckBatcher : IDisposable
{
    private readonly Func<IReadOnlyList<RedisStreamId>, CancellationToken, ValueTask<long>> _ack;
    private readonly Action<IReadOnlyList<RedisStreamId>> _settled;
    private readonly Action<RedisStreamId> _lost;
    private readonly int _batchSize;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConsumerIdentity _identity;
    private readonly Channel<QueuedAck> _ids = Channel.CreateUnbounded<QueuedAck>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>
    /// Creates the batcher: <paramref name="ack"/> sends one XACK and returns its reply (how many ids left the pending
    /// list); <paramref name="settled"/> hears of every id once its XACK returned (or it was given up at stop);
    /// <paramref name="lost"/> hears of an id queued with <see cref="AddLost"/> when its XACK removed it.
    /// </summary>
    public AckBatcher(
        Func<IReadOnlyList<RedisStreamId>, CancellationToken, ValueTask<long>> ack,
        Action<IReadOnlyList<RedisStreamId>> settled,
        Action<RedisStreamId> lost,
        int batchSize,
        ConsumerIdentity identity,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _ack = ack;
        _settled = settled;
        _lost = lost;
        _batchSize = batchSize;
        _identity = identity;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts the loop that sends the XACKs.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Queues <paramref name="id"/>; false after <see cref="StopAsync"/> began (the entry stays pending).</summary>
    public bool Add(RedisStreamId id) => _ids.Writer.TryWrite(new QueuedAck(id, Lost: false));

    /// <summary>
    /// Queues the XACK of <paramref name="id"/>, an entry deleted or trimmed while pending; the loss is reported (the
    /// <c>lost</c> callback) only if this XACK is what removed it from the pending list. False after
    /// <see cref="StopAsync"/> began (the entry stays pending).
    /// </summary>
    public bool AddLost(RedisStreamId id) => _ids.Writer.TryWrite(new QueuedAck(id, Lost: true));

    /// <summary>Sends what is queued, waiting up to <paramref name="timeout"/>; what is left then stays pending.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _ids.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(timeout, _time);
        }
        catch (TimeoutException)
        {
            await _abort.CancelAsync();
            await _loop;
        }
    }

    public void Dispose() => _abort.Dispose();

    private async Task RunAsync()
    {
        var reader = _ids.Reader;
        var batch = new List<RedisStreamId>(_batchSize);
        var lost = new List<RedisStreamId>();
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                while (batch.Count + lost.Count < _batchSize && reader.TryRead(out var queued))
                {
                    (queued.Lost ? lost : batch).Add(queued.Id);
                }

                if (batch.Count > 0)
                {
                    await SendAsync(batch);
                    _settled(batch);
                    batch.Clear();
                }

                await SendLostAsync(lost);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            batch.AddRange(lost);
            while (reader.TryRead(out var queued))
            {
                batch.Add(queued.Id);
            }

            if (batch.Count > 0)
            {
                Log.AcksAbandoned(_logger, _identity.Stream, _identity.Group, batch.Count);
                _settled(batch);
            }
        }
    }

    /// <summary>
    /// One XACK per lost id: a batched reply is only a total, and the loss is counted only where this XACK removed the
    /// entry (reply 1); 0 means another path (a claim's deleted ids, another consumer) removed it and counted it.
    /// </summary>
    private async Task SendLostAsync(List<RedisStreamId> lost)
    {
        while (lost.Count > 0)
        {
            var id = lost[^1];
            RedisStreamId[] one = [id];
            if (await SendAsync(one) > 0)
            {
                _lost(id);
            }

            lost.RemoveAt(lost.Count - 1);
            _settled(one);
        }
    }

    private async Task<long> SendAsync(IReadOnlyList<RedisStreamId> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _ack(batch, _abort.Token);
            }
            catch (Exception e) when (!_abort.IsCancellationRequested)
            {
                var delay = RetryBackoff.Delay(attempt);
                Log.AckFailed(_logger, e, _identity.Stream, _identity.Group, batch.Count, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, _time, _abort.Token);
            }
        }
    }

    /// <summary>An id waiting for its XACK; <see cref="Lost"/> when the entry was deleted while pending.</summary>
    private readonly record struct QueuedAck(RedisStreamId Id, bool Lost);
}
