using Fleet.Events.Telemetry;
using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>The read loop: own pending entries first, then new ones; group re-creation; backoff on transport errors.</summary>
internal sealed partial class ConsumerGroupService
{
    private const string NewEntries = ">";

    // Entries asked for in one XREADGROUP at most. Replies of more than a few hundred entries cost more to parse than
    // their fewer round trips save (measured: 256 beat both 128 and 1000 with 256-byte events); the prefetch window,
    // not this, bounds what is held, so a large window is filled by several reads back to back.
    private const int MaxReadCount = 256;

    private async Task EnsureGroupAtStartAsync(bool reachable, CancellationToken cancellationToken)
    {
        if (!reachable)
        {
            // Trying here would hold the host's start for the client's reconnect wait per attempt; the read loop creates
            // the group once Redis is reachable.
            Log.GroupDeferredUnreachable(_logger, _identity.Stream, _identity.Group, _transport.Endpoint);
            Volatile.Write(ref _groupCheck, (int)GroupCheck.AtStart);
            return;
        }

        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // XGROUP CREATE … MKSTREAM: the group (and stream) exist before this instance reads or others publish.
                await _transport.EnsureGroupAsync(_identity.StreamKey, _identity.Group, _options.StartPosition, cancellationToken);
                return;
            }
            catch (Exception e) when (_transport.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt == attempts)
                {
                    // Do not hold the host's start hostage to Redis: the read loop creates the group once it can.
                    _state.Failed(e, _time.GetUtcNow());
                    Log.GroupEnsureDeferred(_logger, e, _identity.Stream, _identity.Group);
                    Volatile.Write(ref _groupCheck, (int)GroupCheck.AtStart);
                    return;
                }

                await Task.Delay(RetryBackoff.Delay(attempt), _time, cancellationToken);
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var stopping = _stopReading.Token;
        var readThreshold = Math.Max(1, _options.Prefetch / 2);
        var failures = 0;
        var recovering = true;
        var recoveryPosition = "0";
        var recovered = 0;
        if (!await WaitForInstanceNameAsync(stopping))
        {
            return;
        }

        while (!stopping.IsCancellationRequested)
        {
            var reserved = 0;
            try
            {
                await CheckGroupAsync(stopping);

                // Read again once half the window is free: the next batch arrives while the rest is processed, and no
                // read asks for a handful of entries at a time.
                reserved = await _window.ReserveAsync(recovering ? 1 : readThreshold, stopping);
                if (recovering)
                {
                    // XREADGROUP … STREAMS key <id>: this consumer's own pending entries after <id>, i.e. what it had in
                    // hand when it stopped or crashed. Delivery counts come from XPENDING (the read adds one).
                    var entries = await _transport.ReadGroupAsync(_identity.StreamKey, _identity.Group, _identity.Consumer, recoveryPosition, Math.Min(reserved, MaxReadCount), null, stopping);
                    _state.ReadSucceeded(_time.GetUtcNow());
                    if (entries.Count == 0)
                    {
                        recovering = false;
                        if (recovered > 0)
                        {
                            Log.PendingRecovered(_logger, _identity.Stream, _identity.Group, _identity.Consumer, recovered);
                        }
                    }
                    else
                    {
                        var counts = await DeliveryCountsAsync(entries, stopping);
                        recoveryPosition = entries[^1].Id.ToString();
                        recovered += Dispatch(reserved, entries, counts);
                        reserved = 0;
                    }
                }
                else
                {
                    var entries = await _transport.ReadGroupAsync(_identity.StreamKey, _identity.Group, _identity.Consumer, NewEntries, Math.Min(reserved, MaxReadCount), _options.BlockTimeout, stopping);
                    _state.ReadSucceeded(_time.GetUtcNow());
                    if (entries.Count > 0)
                    {
                        Dispatch(reserved, entries, null);
                        reserved = 0;
                    }
                }

                if (failures > 0)
                {
                    Log.ReadResumed(_logger, _identity.Stream, _identity.Group, _identity.Consumer, failures);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (ConsumerGroupLostException e)
            {
                // The group's pending list went with it, so there is nothing of this consumer's left to recover. The
                // first loss is repaired at once; one that keeps coming back (the key deleted again and again) backs off.
                recovering = false;
                GroupLost(e);
                if (++failures > 1 && !await DelayAsync(RetryBackoff.Delay(failures), stopping))
                {
                    break;
                }
            }
            catch (Exception e)
            {
                failures++;
                var delay = RetryBackoff.Delay(failures);
                _state.Failed(e, _time.GetUtcNow());
                Log.ReadFailed(_logger, e, _identity.Stream, _identity.Group, _identity.Consumer, failures, delay.TotalMilliseconds);
                if (!await DelayAsync(delay, stopping))
                {
                    break;
                }
            }
            finally
            {
                if (reserved > 0)
                {
                    _window.Release(reserved);
                }
            }
        }
    }

    /// <summary>
    /// Waits until the instance name is this process's (<see cref="InstanceLease"/>), so nothing is read or claimed under a
    /// name another live process uses; false when stop began first or the name was refused (the loop then ends).
    /// </summary>
    private async Task<bool> WaitForInstanceNameAsync(CancellationToken stopping)
    {
        try
        {
            await _lease.WaitAsync(stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (InstanceNameInUseException e)
        {
            _state.Failed(e, _time.GetUtcNow());
            return false;
        }
    }

    /// <summary>Re-creates the group when start could not create it, Redis lost it, or the connection came back.</summary>
    private async ValueTask CheckGroupAsync(CancellationToken cancellationToken)
    {
        var check = (GroupCheck)Volatile.Read(ref _groupCheck);
        if (check == GroupCheck.None)
        {
            return;
        }

        // After a loss the group starts from 0: every entry published since the stream was re-created is delivered.
        var from = check == GroupCheck.AtStart ? _options.StartPosition : "0";
        var created = await _transport.EnsureGroupAsync(_identity.StreamKey, _identity.Group, from, cancellationToken);
        Interlocked.CompareExchange(ref _groupCheck, (int)GroupCheck.None, (int)check);
        if (created && check == GroupCheck.AfterRestore)
        {
            FleetEventsTelemetry.GroupsRecreated.Add(1, _identity.GroupTags);
            _state.GroupRecreated();
            Log.GroupRecreatedAfterRestore(_logger, _identity.Stream, _identity.Group);
        }
    }

    private void GroupLost(ConsumerGroupLostException error)
    {
        FleetEventsTelemetry.GroupsRecreated.Add(1, _identity.GroupTags);
        _state.GroupRecreated();
        _state.Failed(error, _time.GetUtcNow());
        Log.GroupLost(_logger, error, _identity.Stream, _identity.Group);
        Volatile.Write(ref _groupCheck, (int)GroupCheck.AfterLoss);
    }

    /// <summary>
    /// The delivery counts of <paramref name="entries"/> (now owned by this consumer) from XPENDING over their id range.
    /// The range may hold other entries this consumer has in hand, hence the larger count.
    /// </summary>
    private async ValueTask<Dictionary<RedisStreamId, long>> DeliveryCountsAsync(IReadOnlyList<StreamEntry> entries, CancellationToken cancellationToken)
    {
        var first = entries[0].Id;
        var last = first;
        for (var i = 1; i < entries.Count; i++)
        {
            var id = entries[i].Id;
            first = id < first ? id : first;
            last = id > last ? id : last;
        }

        // This consumer's pending list between first and last may hold more than these entries (others in hand, its own
        // failed ones), so it is read page by page to the end: an entry missing from a cut-short page would look as if
        // another consumer owned it and be dropped after its claim had counted a delivery.
        var page = entries.Count + _window.Capacity;
        var counts = new Dictionary<RedisStreamId, long>(entries.Count);
        var from = first;
        while (true)
        {
            var pending = await _transport.PendingAsync(_identity.StreamKey, _identity.Group, from, last, page, _identity.Consumer, cancellationToken);
            for (var i = 0; i < pending.Count; i++)
            {
                counts[pending[i].Id] = pending[i].DeliveryCount;
            }

            if (pending.Count < page || pending[^1].Id >= last)
            {
                return counts;
            }

            from = After(pending[^1].Id);
        }
    }

    /// <summary>
    /// Admits entries to the window (using the reservation) and hands them to the dispatcher; returns how many. With
    /// <paramref name="counts"/> (claimed or recovered entries), an entry XPENDING no longer lists as this consumer's is
    /// left out: it was acknowledged meanwhile (this consumer just finished it) or claimed by another consumer, and
    /// processing it here would run its handler twice.
    /// </summary>
    private int Dispatch(int reserved, IReadOnlyList<StreamEntry> entries, Dictionary<RedisStreamId, long>? counts, bool claim = false)
    {
        if (counts is not null && !AllOwned(entries, counts))
        {
            var owned = new List<StreamEntry>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                if (counts.ContainsKey(entries[i].Id))
                {
                    owned.Add(entries[i]);
                }
            }

            entries = owned;
        }

        var admitted = _window.Admit(reserved, entries, claim);
        if (admitted.Count == 0)
        {
            return 0;
        }

        if (!_inbox.Writer.TryWrite(new InboundBatch(admitted, counts, _time.GetTimestamp())))
        {
            // Stop completed the inbox meanwhile: the entries stay pending for the next start or a claim.
            for (var i = 0; i < admitted.Count; i++)
            {
                _window.Complete(admitted[i].Id);
            }

            return 0;
        }

        return admitted.Count;
    }

    private static bool AllOwned(IReadOnlyList<StreamEntry> entries, Dictionary<RedisStreamId, long> counts)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (!counts.ContainsKey(entries[i].Id))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Waits <paramref name="delay"/>; false when stop began meanwhile.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _time, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
