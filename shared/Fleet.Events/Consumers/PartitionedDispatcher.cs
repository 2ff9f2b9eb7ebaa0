using System.Threading.Channels;
using Fleet.Redis;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Consumers;

/// <summary>
/// Concurrency above 1: <c>N</c> workers take prepared deliveries from a shared queue, so at most <c>N</c> handlers run
/// at once. Entries are prepared (decoded, typed, partition key computed) in arrival order by one pump, so the order
/// of the entries of one key is the stream's. A delivery with a partition key runs only when no other delivery of
/// that key is running; otherwise it waits in that key's backlog, which the worker running the key drains in order
/// before it takes new work. Different keys run in parallel; deliveries without a key run in any order.
/// </summary>
internal sealed class PartitionedDispatcher(
    ChannelReader<InboundBatch> inbox,
    DeliveryProcessor processor,
    PrefetchWindow window,
    ConsumerIdentity identity,
    TimeProvider time,
    ILogger logger,
    int concurrency,
    CancellationToken stopping,
    CancellationToken abort)
    : DeliveryDispatcher(inbox, processor, window, identity, time, logger, stopping, abort)
{
    private readonly Channel<Delivery> _ready = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Lock _gate = new();

    // Keys taken (a delivery of the key ready or running) → the deliveries of that key waiting behind it, in order.
    private readonly Dictionary<string, Queue<Delivery>> _runningKeys = new(StringComparer.Ordinal);
    private readonly Stack<Queue<Delivery>> _spareQueues = new();

    public override Task RunAsync() => RunWithWorkersAsync(concurrency, PumpAsync, WorkAsync, () => _ready.Writer.TryComplete());

    /// <summary>Prepares each entry in arrival order; settles those that need no handler, queues the rest.</summary>
    private Task PumpAsync() => ForEachEntryAsync(PrepareAsync);

    private async ValueTask PrepareAsync(StreamEntry entry, InboundBatch batch)
    {
        var deliveryCount = batch.DeliveryCountOf(entry);
        switch (Processor.Prepare(entry, deliveryCount, batch.AdmittedAt, out var delivery, out var reason))
        {
            case Verdict.Ready:
                // The key is taken here, in arrival order, not by the worker that reads the delivery: two workers reading
                // two deliveries of one key could otherwise take the key in the wrong order.
                if (delivery.PartitionKey is { } key && !TryTakeKey(key, delivery))
                {
                    break; // queued behind the delivery of its key that is running or ready
                }

                // Unbounded, and completed only after this pump returned: the write always succeeds.
                _ready.Writer.TryWrite(delivery);
                break;
            case Verdict.DeadLetter:
                await Processor.DeadLetterAsync(entry, deliveryCount, reason);
                break;
            default:
                break;
        }
    }

    private async Task WorkAsync(WorkerSlot slot)
    {
        var reader = _ready.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var delivery))
            {
                if (delivery.PartitionKey is not { } key)
                {
                    await RunAsync(delivery, slot);
                    continue;
                }

                // The pump took the key for this delivery; the ones queued behind it run here, in order.
                do
                {
                    await RunAsync(delivery, slot);
                }
                while (TryTakeNextOfKey(key, out delivery));
            }
        }
    }

    private async Task RunAsync(Delivery delivery, WorkerSlot slot)
    {
        if (Stopping.IsCancellationRequested)
        {
            Release(delivery.Entry);
            return;
        }

        try
        {
            await Processor.RunAsync(delivery, slot);
        }
        catch (Exception e)
        {
            Failed(e, delivery.Entry);
        }
    }

    /// <summary>
    /// Marks <paramref name="key"/> taken (its delivery goes to the workers), or queues <paramref name="delivery"/> behind
    /// the delivery that holds it. Called by the pump only, so a key's deliveries are taken in arrival order.
    /// </summary>
    private bool TryTakeKey(string key, Delivery delivery)
    {
        lock (_gate)
        {
            if (_runningKeys.TryGetValue(key, out var backlog))
            {
                backlog.Enqueue(delivery);
                return false;
            }

            _runningKeys.Add(key, _spareQueues.TryPop(out var spare) ? spare : new Queue<Delivery>());
            return true;
        }
    }

    /// <summary>The next delivery waiting for <paramref name="key"/>, or false (and the key is free) when none waits.</summary>
    private bool TryTakeNextOfKey(string key, out Delivery next)
    {
        lock (_gate)
        {
            var backlog = _runningKeys[key];
            if (backlog.TryDequeue(out next))
            {
                return true;
            }

            _runningKeys.Remove(key);
            _spareQueues.Push(backlog);
            return false;
        }
    }
}
