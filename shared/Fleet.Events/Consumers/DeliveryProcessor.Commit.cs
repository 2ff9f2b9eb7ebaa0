using Fleet.Events.Transport;

namespace Fleet.Events.Consumers;

/// <summary>The commit of a handler's staged writes with the entry's acknowledgement and idempotency mark.</summary>
internal sealed partial class DeliveryProcessor
{
    /// <summary>A slot's staged writes, with this consumer's stream for the hash-tag check and <c>StateKey</c>.</summary>
    public StagedWrites CreateStagedWrites() => new(_identity.StreamKey, _identity.Stream);

    /// <summary>
    /// Commits what the handler staged, the mark (with the guard) and the XACK in one script, for this entry alone (it
    /// leaves the batched XACK path: its writes must go with its own acknowledgement). When the entry is no longer
    /// pending (a consumer that claimed it committed first) or its event was handled before, nothing is written. When
    /// the commit fails, nothing was written and the entry stays pending: the handler runs again and stages again.
    /// </summary>
    private async ValueTask CommitStagedAsync(Delivery delivery, string? mark, StagedWrites staged, TimeSpan elapsed)
    {
        var entry = delivery.Entry;
        var type = delivery.Handler.TypeName;
        CommitOutcome outcome;
        try
        {
            outcome = await _transport.CommitAsync(_identity.StreamKey, _identity.Group, entry.Id, mark, _options.IdempotencyWindow, staged.Writes, _abort);
        }
        catch (Exception e) when (!_abort.IsCancellationRequested)
        {
            Log.StagedCommitFailed(_logger, e, _identity.Stream, _identity.Group, entry.Id, type, staged.Writes.Count);
            RecordDuration(type, OutcomeRetryLater, elapsed);
            CountConsumed(type, OutcomeRetryLater);
            return;
        }
        finally
        {
            staged.Clear();
            _window.Complete(entry.Id);
        }

        if (outcome == CommitOutcome.Applied)
        {
            RecordDuration(type, OutcomeAcked, elapsed);
            RecordHandled(type, OutcomeAcked, delivery.Envelope.Timestamp);
            return;
        }

        if (outcome == CommitOutcome.Duplicate)
        {
            Log.StagedWritesOfDuplicateDiscarded(_logger, _identity.Stream, _identity.Group, entry.Id, type, delivery.Envelope.Id);
        }
        else
        {
            Log.StagedWritesOfSettledEntryDiscarded(_logger, _identity.Stream, _identity.Group, entry.Id, type);
        }

        RecordDuration(type, OutcomeDuplicate, elapsed);
        CountConsumed(type, OutcomeDuplicate);
    }
}
