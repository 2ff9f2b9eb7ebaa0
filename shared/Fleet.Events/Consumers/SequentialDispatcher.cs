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

    private async Task DrainAsync(WorkerSlot slot)
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
                        await Processor.ProcessAsync(entry, batch.DeliveryCountOf(entry), batch.AdmittedAt, slot);
                    }
                    catch (Exception e)
                    {
                        Failed(e, entry);
                    }
                }
            }
        }
    }
}
