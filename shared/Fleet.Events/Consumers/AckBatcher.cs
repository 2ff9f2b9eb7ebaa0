using System.Threading.Channels;
using Fleet.Redis;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Consumers;

/// <summary>
/// Acknowledges handled entries in batches: ids collect while one XACK is in flight and go out in the next, up to
/// <see cref="ConsumerGroupOptions.AckBatchSize"/> per command. An idle consumer acknowledges each entry at once; a
/// busy one sends few large XACKs. An XACK that fails (Redis unreachable) is retried with backoff; what cannot be sent
/// before stop stays pending in Redis and is delivered again (at-least-once), never acknowledged unhandled.
/// </summary>
internal sealed class AckBatcher : IDisposable
{
    private readonly Func<IReadOnlyList<RedisStreamId>, CancellationToken, ValueTask> _ack;
    private readonly Action<IReadOnlyList<RedisStreamId>> _settled;
    private readonly int _batchSize;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConsumerIdentity _identity;
    private readonly Channel<RedisStreamId> _ids = Channel.CreateUnbounded<RedisStreamId>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>
    /// Creates the batcher: <paramref name="ack"/> sends one XACK; <paramref name="settled"/> hears of every id once
    /// its XACK returned (or it was given up at stop).
    /// </summary>
    public AckBatcher(Func<IReadOnlyList<RedisStreamId>, CancellationToken, ValueTask> ack, Action<IReadOnlyList<RedisStreamId>> settled, int batchSize, ConsumerIdentity identity, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _ack = ack;
        _settled = settled;
        _batchSize = batchSize;
        _identity = identity;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts the loop that sends the XACKs.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Queues <paramref name="id"/>; false after <see cref="StopAsync"/> began (the entry stays pending).</summary>
    public bool Add(RedisStreamId id) => _ids.Writer.TryWrite(id);

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
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                while (batch.Count < _batchSize && reader.TryRead(out var id))
                {
                    batch.Add(id);
                }

                await SendAsync(batch);
                _settled(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            while (reader.TryRead(out var id))
            {
                batch.Add(id);
            }

            if (batch.Count > 0)
            {
                Log.AcksAbandoned(_logger, _identity.Stream, _identity.Group, batch.Count);
                _settled(batch);
            }
        }
    }

    private async Task SendAsync(List<RedisStreamId> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _ack(batch, _abort.Token);
                return;
            }
            catch (Exception e) when (!_abort.IsCancellationRequested)
            {
                var delay = RetryBackoff.Delay(attempt);
                Log.AckFailed(_logger, e, _identity.Stream, _identity.Group, batch.Count, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, _time, _abort.Token);
            }
        }
    }
}
