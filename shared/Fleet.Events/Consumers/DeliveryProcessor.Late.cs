using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>
/// Entries that waited in hand past the processing timeout before their handler could start (a slow handler with a
/// large prefetch): another consumer may have claimed them meanwhile (XAUTOCLAIM), and running them here as well would
/// handle them twice. Such an entry is first looked up (XPENDING for its id and this consumer) and left to its new
/// owner when it has one.
/// </summary>
internal sealed partial class DeliveryProcessor
{
    /// <summary>Whether an entry admitted at <paramref name="admittedAt"/> has waited as long as the processing timeout.</summary>
    private bool WaitedPastProcessingTimeout(long admittedAt) => _time.GetElapsedTime(admittedAt) >= _options.ProcessingTimeout;

    private async ValueTask ProcessLateAsync(StreamEntry entry, long deliveryCount, long admittedAt, WorkerSlot slot)
    {
        if (!await StillOwnedAsync(entry))
        {
            return;
        }

        switch (Prepare(entry, deliveryCount, admittedAt, out var delivery, out var reason))
        {
            case Verdict.Ready:
                // Owned now: no second lookup in RunAsync.
                await RunAsync(delivery with { AdmittedAt = _time.GetTimestamp() }, slot);
                break;
            case Verdict.DeadLetter:
                await DeadLetterAsync(entry, deliveryCount, reason);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Whether <paramref name="entry"/> is still pending for this consumer; when not, it is let go (its slot freed,
    /// counted as released) and false is returned. A lookup that fails counts as owned: at-least-once, never lost.
    /// </summary>
    private async ValueTask<bool> StillOwnedAsync(StreamEntry entry)
    {
        try
        {
            var pending = await _transport.PendingAsync(_identity.StreamKey, _identity.Group, entry.Id, entry.Id, 1, _identity.Consumer, _abort);
            if (pending.Count > 0)
            {
                return true;
            }
        }
        catch (Exception e) when (!_abort.IsCancellationRequested)
        {
            Log.OwnershipCheckFailed(_logger, e, _identity.Stream, _identity.Group, entry.Id);
            return true;
        }

        Log.LeftToNewOwner(_logger, _identity.Stream, _identity.Group, _identity.Consumer, entry.Id);
        CountConsumed(entry.IsDeleted ? string.Empty : TypeOf(entry), OutcomeReleased);
        _window.Complete(entry.Id);
        return false;
    }
}
