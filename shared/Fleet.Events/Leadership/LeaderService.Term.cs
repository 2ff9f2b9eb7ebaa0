namespace Fleet.Events;

/// <content>
/// One term as leader: the work runs while a keeper renews the lease every renew interval. The keeper cancels the work
/// when a renewal is refused, or when the local deadline (lease time minus renew interval after the send of the last
/// successful renewal) passes first: a renewal that does not answer is not waited for past it. The term ends only
/// once the work returned; then the lease is released unless another process holds it.
/// </content>
internal sealed partial class LeaderService
{
    private async Task<(TermEnd End, Exception? Failure)> LeadAsync(LeaderFence fence, long sentAt, CancellationToken stopping)
    {
        var token = fence.Token;
        var leadership = new Leadership(_definition.Name, fence, _time, At(sentAt, _workDeadline));
        using var term = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        LeadershipMetrics.Record(this, _definition.Stream, _definition.Name, held: true);
        Log.LeadershipGained(_logger, _definition.Stream, _definition.Name, _instance, token, _leaseTime.TotalMilliseconds);

        var keeper = KeepAsync(leadership, sentAt, term);
        Exception? failure = null;
        var fenceRefused = false;
        var work = Task.Run(() => _work.RunAsync(leadership, term.Token), CancellationToken.None);
        try
        {
            await AwaitWorkAsync(work, token, term.Token);
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            // Cancelled as asked: lost, or stopping.
        }
        catch (LeadershipLostException)
        {
            // A fenced write of the work was refused before the keeper's next renewal could tell: lost, not failed.
            fenceRefused = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = e;
        }

        // The work has returned: stop renewing before deciding who released what.
        await term.CancelAsync();
        var lost = await keeper;
        leadership.End();
        LeadershipMetrics.Record(this, _definition.Stream, _definition.Name, held: false);
        var end = lost ?? (fenceRefused ? TermEnd.FenceRefused
            : failure is not null ? TermEnd.WorkFailed
            : stopping.IsCancellationRequested ? TermEnd.Stopping
            : TermEnd.WorkReturned);
        if (end == TermEnd.FenceRefused)
        {
            var why = Describe(end);
            Log.LeadershipLost(_logger, _definition.Stream, _definition.Name, _instance, token, why);
        }
        else if (end != TermEnd.Refused)
        {
            // Still ours in Redis (or expiring): released at once, so a follower need not wait out the lease time.
            await ReleaseAsync(fence);
        }

        if (end is TermEnd.Stopping or TermEnd.WorkReturned or TermEnd.WorkFailed)
        {
            var reason = Describe(end);
            Log.LeadershipGivenUp(_logger, _definition.Stream, _definition.Name, _instance, token, reason);
        }

        return (end, failure);
    }

    /// <summary>Awaits the work; once its token is cancelled and it has not returned within a lease time, says so (it is still awaited).</summary>
    private async Task AwaitWorkAsync(Task work, long token, CancellationToken termToken)
    {
        try
        {
            await work.WaitAsync(termToken);
            return;
        }
        catch (OperationCanceledException) when (termToken.IsCancellationRequested && !work.IsCompleted)
        {
            // Cancelled: the work should return promptly now.
        }

        var cancelledAt = _time.GetTimestamp();
        try
        {
            await work.WaitAsync(_leaseTime, _time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            Log.LeaderWorkSlowToStop(_logger, _definition.Stream, _definition.Name, token, _time.GetElapsedTime(cancelledAt).TotalMilliseconds);
            await work;
        }
    }

    /// <summary>
    /// Renews until the term token is cancelled (null: the work ended or the host stops) or leadership is lost (the
    /// reason; the term token is cancelled then).
    /// </summary>
    private async Task<TermEnd?> KeepAsync(Leadership leadership, long sentAt, CancellationTokenSource term)
    {
        var fence = leadership.Fence;
        var nextRenewal = At(sentAt, _renewInterval);
        var failures = 0;
        try
        {
            while (true)
            {
                var wait = Until(Math.Min(nextRenewal, leadership.Deadline));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, term.Token);
                }

                if (_time.GetTimestamp() >= leadership.Deadline)
                {
                    return await LoseAsync(leadership, term, TermEnd.DeadlinePassed);
                }

                var send = _time.GetTimestamp();
                bool renewed;
                try
                {
                    // Not waited for past the deadline: a Redis that does not answer (paused, cut off) must not keep the work running.
                    renewed = await _transport.RenewLeaseAsync(fence.LeaseKey, fence.Value, _leaseTime, term.Token).AsTask()
                        .WaitAsync(Until(leadership.Deadline), _time, term.Token);
                }
                catch (TimeoutException)
                {
                    return await LoseAsync(leadership, term, TermEnd.DeadlinePassed);
                }
                catch (Exception e) when (e is not OutOfMemoryException && !term.IsCancellationRequested)
                {
                    var delay = RetryBackoff.Delay(++failures);
                    Log.RenewFailed(_logger, e, _definition.Stream, _definition.Name, _instance, fence.Token, failures, Until(leadership.Deadline).TotalMilliseconds);
                    nextRenewal = At(_time.GetTimestamp(), delay);
                    continue;
                }

                if (!renewed)
                {
                    return await LoseAsync(leadership, term, TermEnd.Refused);
                }

                failures = 0;
                leadership.Extend(At(send, _workDeadline));
                nextRenewal = At(send, _renewInterval);
            }
        }
        catch (OperationCanceledException) when (term.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<TermEnd?> LoseAsync(Leadership leadership, CancellationTokenSource term, TermEnd reason)
    {
        leadership.End();
        var why = Describe(reason);
        Log.LeadershipLost(_logger, _definition.Stream, _definition.Name, _instance, leadership.FencingToken, why);
        await term.CancelAsync();
        return reason;
    }

    /// <summary>DEL the lease while it is still this term's; best effort, never longer than a renew interval.</summary>
    private async Task ReleaseAsync(LeaderFence fence)
    {
        if (!_transport.IsReachable)
        {
            return; // it expires by itself; waiting for Redis would only delay a stop
        }

        try
        {
            await _transport.ReleaseLeaseAsync(fence.LeaseKey, fence.Value, CancellationToken.None).AsTask().WaitAsync(_renewInterval, _time, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ReleaseFailed(_logger, e, _definition.Stream, _definition.Name, fence.Token);
        }
    }

    private string Describe(TermEnd end) => end switch
    {
        TermEnd.Refused => "the renewal was refused: another process holds the lease",
        TermEnd.FenceRefused => "a fenced write was refused: another process holds the lease",
        TermEnd.DeadlinePassed => $"no successful renewal for {_workDeadline.TotalMilliseconds} ms (lease time minus renew interval), so another process may take the lease soon",
        TermEnd.WorkReturned => "the leader work returned",
        TermEnd.WorkFailed => "the leader work failed",
        _ => "the host is stopping",
    };

    /// <summary>The timestamp <paramref name="after"/> later than <paramref name="from"/>.</summary>
    private long At(long from, TimeSpan after) => from + (long)(after.TotalSeconds * _time.TimestampFrequency);

    /// <summary>The time from now to <paramref name="timestamp"/>, zero when it passed.</summary>
    private TimeSpan Until(long timestamp)
    {
        var ticks = timestamp - _time.GetTimestamp();
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)ticks / _time.TimestampFrequency);
    }
}
