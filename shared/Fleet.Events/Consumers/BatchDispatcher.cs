using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Consumers;

/// <summary>
/// The dispatcher of a group with a batch handler (<see cref="IEventBatchHandler{TEvent}"/>, ADR 0012). One pump prepares
/// the entries of each read (or claim) in arrival order, as every dispatcher does (dead letters, entries without a
/// handler), and gathers the ready ones of a batch-handled type into calls of at most
/// <see cref="BatchHandlerRegistration.MaxBatchSize"/> entries, one read never mixed with the next; an entry of a
/// per-event type in the same group is a call of its own. <see cref="ConsumerGroupOptions.Concurrency"/> workers run the
/// calls, so that many run at once, in any order: a batch is in stream order, batches are not ordered among themselves.
/// </summary>
internal sealed class BatchDispatcher(
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
    // The calls being gathered from the current read, per batch-handled type; only the pump touches them.
    private readonly Dictionary<GroupHandler, List<Delivery>> _open = [];
    private readonly Channel<List<Delivery>> _calls = Channel.CreateUnbounded<List<Delivery>>(new UnboundedChannelOptions { SingleWriter = true });

    public override Task RunAsync() => RunWithWorkersAsync(concurrency, PumpAsync, WorkAsync, () => _calls.Writer.TryComplete());

    // A call holds entries of one read only: they were delivered together, so they share the processing timeout's start,
    // and a read's entries do not wait for the next read.
    private Task PumpAsync() => ForEachEntryAsync(PrepareAsync, PostOpenCalls);

    private void PostOpenCalls()
    {
        foreach (var call in _open.Values)
        {
            Post(call);
        }

        _open.Clear();
    }

    private async ValueTask PrepareAsync(Fleet.Redis.StreamEntry entry, InboundBatch batch)
    {
        var deliveryCount = batch.DeliveryCountOf(entry);
        switch (Processor.Prepare(entry, deliveryCount, batch.AdmittedAt, out var delivery, out var reason))
        {
            case Verdict.Ready when delivery.Handler.Registration is BatchHandlerRegistration registration:
                if (!_open.TryGetValue(delivery.Handler, out var call))
                {
                    call = new List<Delivery>(Math.Min(registration.MaxBatchSize, batch.Entries.Count));
                    _open.Add(delivery.Handler, call);
                }

                call.Add(delivery);
                if (call.Count == registration.MaxBatchSize)
                {
                    Post(call);
                    _open.Remove(delivery.Handler);
                }

                break;
            case Verdict.Ready:
                Post([delivery]);
                break;
            case Verdict.DeadLetter:
                await Processor.DeadLetterAsync(entry, deliveryCount, reason);
                break;
            default:
                break;
        }
    }

    // Unbounded, and completed only after the pump returned: the write always succeeds.
    private void Post(List<Delivery> call) => _calls.Writer.TryWrite(call);

    private async Task WorkAsync(WorkerSlot slot)
    {
        var reader = _calls.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var call))
            {
                await RunAsync(call, slot);
            }
        }
    }

    private async Task RunAsync(List<Delivery> call, WorkerSlot slot)
    {
        if (Stopping.IsCancellationRequested)
        {
            foreach (var delivery in call)
            {
                Release(delivery.Entry);
            }

            return;
        }

        try
        {
            if (call[0].Handler.Registration is BatchHandlerRegistration)
            {
                await Processor.RunBatchAsync(call, slot);
            }
            else
            {
                await Processor.RunAsync(call[0], slot);
            }
        }
        catch (Exception e)
        {
            foreach (var delivery in call)
            {
                Failed(e, delivery.Entry);
            }
        }
    }
}
