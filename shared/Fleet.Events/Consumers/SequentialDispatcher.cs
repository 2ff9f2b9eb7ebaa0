using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.Consumers;

/// <summary>
/// Concurrency 1: one loop processes the entries in the order they arrived (the stream's order), each start to end
/// before the next. The hot path of a consumer: no task, scope or closure per entry, no channel operation per entry.
/// </summary>
internal sealed class SequentialDispatcher(
    ChannelReader<InboundBatch> inbox,
    DeliveryProcessor processor,
    PrefetchWindow window,
    ConsumerIdentity identity,
    TimeProvider time,
    ILogger logger,
    CancellationToken stopping,
    CancellationToken abort)
    : DeliveryDispatcher(inbox, processor, window, identity, time, logger, stopping, abort)
{
    public override async Task RunAsync()
    {
        var slot = CreateSlot();
        try
        {
            await DrainAsync(slot);
        }
        finally
        {
            RemoveSlot(slot);
        }
    }

    // One delegate per run, not per entry: the entry is processed start to end before the next is taken.
    private Task DrainAsync(WorkerSlot slot) =>
        ForEachEntryAsync((entry, batch) => Processor.ProcessAsync(entry, batch.DeliveryCountOf(entry), batch.AdmittedAt, slot));
}
