using System.Threading.Channels;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// Wakes this replica's idle <see cref="ReplayWorker"/> when a job is created here, so a job starts at once instead of
/// at the next poll; jobs created on other replicas are found by polling.
/// </summary>
internal sealed class ReplayWakeUp
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Signal() => _signals.Writer.TryWrite(true);

    /// <summary>Returns when signalled or after <paramref name="timeout"/> on <paramref name="time"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), wait, timeout, Timeout.InfiniteTimeSpan);
        try
        {
            await _signals.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without a signal.
        }
    }
}
