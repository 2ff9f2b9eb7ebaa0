using Fleet.Events.Telemetry;
using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>The claim loop: entries idle past the processing timeout are taken over (XAUTOCLAIM) and processed here.</summary>
internal sealed partial class ConsumerGroupService
{
    // Pending entries examined per XPENDING page while looking for idle ones.
    private const int ClaimScanPage = 200;

    private async Task ClaimLoopAsync()
    {
        var stopping = _stopReading.Token;
        if (!await WaitForInstanceNameAsync(stopping))
        {
            return;
        }

        while (await DelayAsync(_options.EffectiveClaimInterval, stopping))
        {
            try
            {
                await ClaimIdleEntriesAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (ConsumerGroupLostException)
            {
                // The read loop meets the same loss, counts it and re-creates the group.
            }
            catch (Exception e)
            {
                _state.Failed(e, _time.GetUtcNow());
                Log.ClaimFailed(_logger, e, _identity.Stream, _identity.Group, _identity.Consumer);
            }
        }
    }

    /// <summary>
    /// Walks the group's whole pending list once (XPENDING, page by page) and claims (XAUTOCLAIM) the entries idle at
    /// least the processing timeout: those of a consumer that crashed or stopped, and this consumer's own that failed
    /// and were left pending. Entries this consumer still holds are never claimed, even when they waited long: a claim
    /// would add a delivery to their count and reset their idle time, keeping them from idle consumers. So each
    /// XAUTOCLAIM starts at a claimable entry and covers only a run of pending entries without one held here. Claims
    /// only as many as there are slots not taken by work in hand, so a busy consumer leaves them to idle ones. Entries
    /// deleted or trimmed while pending are counted and logged as lost.
    /// </summary>
    private async Task ClaimIdleEntriesAsync(CancellationToken stopping)
    {
        var cursor = RedisStreamId.Zero;
        var claimed = 0;
        while (true)
        {
            var page = await _transport.PendingAsync(_identity.StreamKey, _identity.Group, cursor, RedisStreamId.MaxValue, ClaimScanPage, null, stopping);
            var index = 0;
            while (FindRun(page, ref index, out var start, out var candidates))
            {
                var reserved = _window.TryReserveForClaim(candidates);
                if (reserved == 0)
                {
                    LogClaimed(claimed);
                    return;
                }

                claimed += await ClaimRunAsync(start, reserved, stopping);
            }

            if (page.Count < ClaimScanPage)
            {
                break;
            }

            cursor = After(page[^1].Id);
        }

        LogClaimed(claimed);
    }

    /// <summary>
    /// From <paramref name="index"/> on, finds the next run of pending entries holding claimable ones (idle past the
    /// processing timeout, not held here) and no idle entry held here; returns its first claimable id and how many it
    /// holds, and leaves <paramref name="index"/> after the run.
    /// </summary>
    private bool FindRun(IReadOnlyList<StreamPendingEntry> page, ref int index, out RedisStreamId start, out int candidates)
    {
        start = default;
        candidates = 0;
        for (; index < page.Count; index++)
        {
            var pending = page[index];
            if (pending.Idle < _options.ProcessingTimeout)
            {
                // Not claimable, and XAUTOCLAIM skips it too: it does not end a run.
                continue;
            }

            if (_window.Contains(pending.Id))
            {
                if (candidates > 0)
                {
                    index++;
                    return true;
                }

                continue;
            }

            if (candidates++ == 0)
            {
                start = pending.Id;
            }
        }

        return candidates > 0;
    }

    /// <summary>XAUTOCLAIM from <paramref name="start"/> of up to <paramref name="reserved"/> entries; returns how many were dispatched.</summary>
    private async Task<int> ClaimRunAsync(RedisStreamId start, int reserved, CancellationToken stopping)
    {
        try
        {
            var result = await _transport.AutoClaimAsync(_identity.StreamKey, _identity.Group, _identity.Consumer, _options.ProcessingTimeout, start, reserved, stopping);
            for (var i = 0; i < result.DeletedIds.Count; i++)
            {
                // Redis 7 drops these from the pending list in this very command, so no other path can count them again.
                CountLost(result.DeletedIds[i]);
            }

            if (result.Entries.Count == 0)
            {
                return 0;
            }

            var counts = await DeliveryCountsAsync(result.Entries, stopping);
            var dispatched = Dispatch(reserved, result.Entries, counts, claim: true);
            reserved = 0;
            return dispatched;
        }
        finally
        {
            if (reserved > 0)
            {
                _window.Release(reserved, claim: true);
            }
        }
    }

    /// <summary>
    /// Counts and logs an entry deleted or trimmed while pending. Called only by the command that removed it from the
    /// pending list (this XAUTOCLAIM's deleted ids, or the entry's own XACK replying 1 in <see cref="AckBatcher"/>), so a
    /// loss that several paths meet is counted once.
    /// </summary>
    private void CountLost(RedisStreamId id)
    {
        FleetEventsTelemetry.LostBeforeProcessing.Add(1, _identity.GroupTags);
        Log.EntryLostBeforeProcessing(_logger, _identity.Stream, _identity.Group, id);
    }

    private void LogClaimed(int claimed)
    {
        if (claimed > 0)
        {
            Log.EntriesClaimed(_logger, _identity.Stream, _identity.Group, _identity.Consumer, claimed);
        }
    }

    /// <summary>The smallest id after <paramref name="id"/>, where the next XPENDING page starts.</summary>
    private static RedisStreamId After(RedisStreamId id) =>
        id.Sequence == ulong.MaxValue ? new RedisStreamId(id.Milliseconds + 1, 0) : new RedisStreamId(id.Milliseconds, id.Sequence + 1);
}
