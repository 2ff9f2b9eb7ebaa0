using Fleet.Events.Telemetry;
using Fleet.Redis;

namespace Fleet.Events.Consumers;

/// <summary>The claim loop: entries idle past the processing timeout are taken over (XAUTOCLAIM) and processed here.</summary>
internal sealed partial class ConsumerGroupService
{
    private async Task ClaimLoopAsync()
    {
        var stopping = _stopReading.Token;
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
    /// Walks the group's whole pending list once (XAUTOCLAIM from 0-0 until the cursor comes back to 0-0), claiming
    /// entries idle at least the processing timeout: those of a consumer that crashed or stopped, and this consumer's
    /// own that failed and were left pending. Claims only as many as there are slots not taken by work in hand, so a
    /// busy consumer leaves them to idle ones. Entries deleted or trimmed while pending are counted and logged as lost.
    /// </summary>
    private async Task ClaimIdleEntriesAsync(CancellationToken stopping)
    {
        var cursor = RedisStreamId.Zero;
        var claimed = 0;
        do
        {
            var reserved = _window.TryReserveForClaim(_window.Capacity);
            if (reserved == 0)
            {
                break;
            }

            try
            {
                var result = await _transport.AutoClaimAsync(_identity.StreamKey, _identity.Group, _identity.Consumer, _options.ProcessingTimeout, cursor, reserved, stopping);
                for (var i = 0; i < result.DeletedIds.Count; i++)
                {
                    // Redis 7 drops these from the pending list itself; they can only be counted.
                    FleetEventsTelemetry.LostBeforeProcessing.Add(1, _identity.GroupTags);
                    Log.EntryLostBeforeProcessing(_logger, _identity.Stream, _identity.Group, result.DeletedIds[i]);
                }

                if (result.Entries.Count > 0)
                {
                    var counts = await DeliveryCountsAsync(result.Entries, stopping);
                    claimed += Dispatch(reserved, result.Entries, counts, claim: true);
                    reserved = 0;
                }

                cursor = result.NextStart;
            }
            finally
            {
                if (reserved > 0)
                {
                    _window.Release(reserved, claim: true);
                }
            }
        }
        while (cursor != RedisStreamId.Zero);

        if (claimed > 0)
        {
            Log.EntriesClaimed(_logger, _identity.Stream, _identity.Group, _identity.Consumer, claimed);
        }
    }
}
