using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>
/// Entries that waited in hand past the processing timeout before their handler could start (a slow handler with a
/// large prefetch). Redis counts an entry's idle time from its delivery, so from then on any consumer's claim sweep
/// (XAUTOCLAIM) may take it, possibly while a handler here would be running: running it here could handle it twice at
/// once, which no idempotency mark prevents. Such an entry is let go instead: it stays pending, out of this consumer's
/// hand, and the next claim (by another consumer or by this one) delivers it again with a fresh idle time.
/// </summary>
internal sealed partial class DeliveryProcessor
{
    /// <summary>Whether an entry admitted at <paramref name="admittedAt"/> has waited as long as the processing timeout.</summary>
    private bool WaitedPastProcessingTimeout(long admittedAt) => _time.GetElapsedTime(admittedAt) >= _options.ProcessingTimeout;

    /// <summary>Frees the slot of an entry that waited too long, leaving it pending for a claim.</summary>
    private void LetGoLate(StreamEntry entry)
    {
        Log.LetGoAfterWaiting(_logger, _identity.Stream, _identity.Group, _identity.Consumer, entry.Id);
        Released(entry);
        _window.Complete(entry.Id);
    }
}
