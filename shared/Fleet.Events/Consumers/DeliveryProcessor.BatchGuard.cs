namespace Fleet.Events.Consumers;

/// <summary>The idempotency guard for batch handlers: every mark checked before the call, repeats within a call settled after it.</summary>
internal sealed partial class DeliveryProcessor
{
    /// <summary>
    /// The entries of a batch whose event repeats an earlier entry's of the same batch (a producer that published twice),
    /// settled after the batch by the guard's mark: acknowledged as duplicates when the first one's handling set it,
    /// else left pending to be delivered and checked again.
    /// </summary>
    private async ValueTask SettleRepeatsAsync(List<Delivery> repeats)
    {
        await NotHandledBeforeAsync(repeats, null);
        foreach (var repeat in repeats)
        {
            CountConsumed(repeat.Handler.TypeName, OutcomeRetryLater);
            _window.Complete(repeat.Entry.Id);
        }
    }

    /// <summary>
    /// With the guard: checks every entry's mark at once (the client pipelines the reads). Entries handled before are
    /// acknowledged as duplicates and entries whose check failed stay pending; both leave <paramref name="ready"/>, and so
    /// does an entry whose event an earlier entry of <paramref name="ready"/> carries (moved to <paramref name="repeats"/>:
    /// one handler call must not handle one event twice). Returns each remaining entry's mark by entry id.
    /// </summary>
    private async ValueTask<Dictionary<Fleet.Redis.RedisStreamId, string>> NotHandledBeforeAsync(List<Delivery> ready, List<Delivery>? repeats)
    {
        if (repeats is not null)
        {
            var events = new HashSet<Ulid>(ready.Count);
            var distinct = new List<Delivery>(ready.Count);
            foreach (var delivery in ready)
            {
                (events.Add(delivery.Envelope.Id) ? distinct : repeats).Add(delivery);
            }

            if (repeats.Count > 0)
            {
                ready.Clear();
                ready.AddRange(distinct);
            }
        }

        var marks = new Dictionary<Fleet.Redis.RedisStreamId, string>(ready.Count);
        var checks = new Task<bool>[ready.Count];
        for (var i = 0; i < ready.Count; i++)
        {
            var mark = _identity.ProcessedKeyPrefix + ready[i].Envelope.Id.ToString();
            marks[ready[i].Entry.Id] = mark;
            checks[i] = _transport.IsProcessedAsync(mark, _abort).AsTask();
        }

        var kept = new List<Delivery>(ready.Count);
        for (var i = 0; i < ready.Count; i++)
        {
            var delivery = ready[i];
            var type = delivery.Handler.TypeName;
            bool handledBefore;
            try
            {
                handledBefore = await checks[i];
                EndStreak(_checkFailures);
            }
            catch (Exception e) when (!_abort.IsCancellationRequested)
            {
                // Whether the event was handled is unknown: leaving it pending is safe, running it could double an effect.
                if (FirstOfStreak(_checkFailures, e, delivery.Entry.Id))
                {
                    Log.IdempotencyCheckFailed(_logger, _identity.Stream, _identity.Group, delivery.Entry.Id, delivery.Envelope.Id, e.Message);
                }

                CountConsumed(type, OutcomeRetryLater);
                _window.Complete(delivery.Entry.Id);
                continue;
            }

            if (handledBefore)
            {
                Acknowledge(delivery.Entry.Id);
                CountConsumed(type, OutcomeDuplicate);
                Log.DuplicateSkipped(_logger, _identity.Stream, _identity.Group, delivery.Entry.Id, type, delivery.Envelope.Id);
                continue;
            }

            kept.Add(delivery);
        }

        ready.Clear();
        ready.AddRange(kept);
        return marks;
    }
}
