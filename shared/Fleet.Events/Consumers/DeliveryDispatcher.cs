using System.Threading.Channels;
using Fleet.Redis;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Consumers;

/// <summary>
/// Takes the batches the read and claim loops put in the inbox and runs them through the <see cref="DeliveryProcessor"/>
/// with at most <see cref="ConsumerGroupOptions.Concurrency"/> handlers at once. Every entry it takes is completed in
/// the <see cref="PrefetchWindow"/>: by the processor once settled, or here when released or when processing failed. Once stop began (<c>stopping</c>), entries not yet started are
/// released: they stay pending for the next start of this consumer or a claim by another.
/// </summary>
internal abstract class DeliveryDispatcher(
    ChannelReader<InboundBatch> inbox,
    DeliveryProcessor processor,
    PrefetchWindow window,
    ConsumerIdentity identity,
    TimeProvider time,
    ILogger logger,
    CancellationToken stopping,
    CancellationToken abort)
{
    private readonly List<WorkerSlot> _slots = [];
    private readonly Lock _slotsGate = new();
    private int _released;

    /// <summary>Entries released at stop without being processed.</summary>
    public int Released => Volatile.Read(ref _released);

    protected ChannelReader<InboundBatch> Inbox { get; } = inbox;

    protected DeliveryProcessor Processor { get; } = processor;

    protected PrefetchWindow Window { get; } = window;

    protected CancellationToken Stopping { get; } = stopping;

    /// <summary>Runs until the inbox is completed and drained and every started handler finished.</summary>
    public abstract Task RunAsync();

    /// <summary>
    /// Hands each entry of each inbox batch, in arrival order, to <paramref name="process"/> until the inbox is completed
    /// and drained. Once stop began, entries not yet started are released instead; an error <paramref name="process"/>
    /// did not handle is logged and the entry's slot freed (<see cref="Failed"/>), and the loop goes on.
    /// <paramref name="afterRead"/>, if given, runs after the last entry of each batch.
    /// </summary>
    protected async Task ForEachEntryAsync(Func<StreamEntry, InboundBatch, ValueTask> process, Action? afterRead = null)
    {
        while (await Inbox.WaitToReadAsync())
        {
            while (Inbox.TryRead(out var batch))
            {
                var entries = batch.Entries;
                for (var i = 0; i < entries.Count; i++)
                {
                    var entry = entries[i];
                    if (Stopping.IsCancellationRequested)
                    {
                        Release(entry);
                        continue;
                    }

                    try
                    {
                        await process(entry, batch);
                    }
                    catch (Exception e)
                    {
                        Failed(e, entry);
                    }
                }

                afterRead?.Invoke();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="pump"/> beside <paramref name="concurrency"/> tasks of <paramref name="worker"/>, each with a
    /// watched slot of its own; once the pump returned, <paramref name="complete"/> ends the workers' queue and they are
    /// awaited (they drain what is queued).
    /// </summary>
    protected async Task RunWithWorkersAsync(int concurrency, Func<Task> pump, Func<WorkerSlot, Task> worker, Action complete)
    {
        var workers = new Task[concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(async () =>
            {
                var slot = CreateSlot();
                try
                {
                    await worker(slot);
                }
                finally
                {
                    RemoveSlot(slot);
                }
            });
        }

        try
        {
            await pump();
        }
        finally
        {
            complete();
            await Task.WhenAll(workers);
        }
    }

    /// <summary>
    /// The processing-timeout watchdog, called periodically: cancels each delivery running for <paramref name="timeout"/>
    /// or longer (its entry may be claimed by another consumer from then on).
    /// </summary>
    public void CancelOverdue(TimeSpan timeout)
    {
        lock (_slotsGate)
        {
            foreach (var slot in _slots)
            {
                slot.CancelIfRunningLongerThan(timeout);
            }
        }
    }

    /// <summary>How long the longest-running handler has been running (zero when none runs).</summary>
    public TimeSpan LongestRunning()
    {
        var longest = TimeSpan.Zero;
        lock (_slotsGate)
        {
            foreach (var slot in _slots)
            {
                var running = slot.Running;
                longest = running > longest ? running : longest;
            }
        }

        return longest;
    }

    /// <summary>A slot for one concurrent handler, watched for timeouts; the caller disposes it through <see cref="RemoveSlot"/>.</summary>
    protected WorkerSlot CreateSlot()
    {
        var slot = new WorkerSlot(Processor, time, abort);
        lock (_slotsGate)
        {
            _slots.Add(slot);
        }

        return slot;
    }

    /// <summary>Stops watching <paramref name="slot"/> and disposes it.</summary>
    protected void RemoveSlot(WorkerSlot slot)
    {
        lock (_slotsGate)
        {
            _slots.Remove(slot);
        }

        slot.Dispose();
    }

    /// <summary>Leaves an entry not started pending (stop began) and frees its slot.</summary>
    protected void Release(StreamEntry entry)
    {
        Interlocked.Increment(ref _released);
        Processor.Released(entry);
        Window.Complete(entry.Id);
    }

    /// <summary>
    /// Logs an error the processor did not handle itself (a defect, or the transport failing while dead-lettering under
    /// a cancelled stop) and frees the entry's slot: the entry stays pending and is delivered again, and the loop goes on.
    /// </summary>
    protected void Failed(Exception error, StreamEntry entry)
    {
        if (!abort.IsCancellationRequested)
        {
            Log.ProcessingFailed(logger, error, identity.Stream, identity.Group, identity.Consumer, entry.Id);
        }

        // Completing twice is harmless, so an entry the processor already settled is not disturbed.
        Window.Complete(entry.Id);
    }
}
