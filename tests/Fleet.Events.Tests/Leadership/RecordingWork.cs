using System.Threading.Channels;

namespace Fleet.Events.Tests.LeaderLease;

/// <summary>
/// Leader work that records each term it is given (<see cref="LeaderTerm"/>) and, unless <see cref="Body"/> says
/// otherwise, runs until its token is cancelled.
/// </summary>
internal sealed class RecordingWork : ILeaderWork
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly Channel<LeaderTerm> _terms = Channel.CreateUnbounded<LeaderTerm>();

    /// <summary>What a term does; null: wait for the cancellation.</summary>
    public Func<LeaderTerm, CancellationToken, Task>? Body { get; init; }

    public async Task RunAsync(Leadership leadership, CancellationToken cancellationToken)
    {
        var term = new LeaderTerm(leadership);
        using var registration = cancellationToken.Register(() => term.Cancelled.TrySetResult());
        _terms.Writer.TryWrite(term);
        try
        {
            if (Body is null)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            else
            {
                await Body(term, cancellationToken);
            }
        }
        finally
        {
            term.Returned.TrySetResult();
        }
    }

    /// <summary>The next term this work is given (a failure after a minute: the state never came).</summary>
    public async Task<LeaderTerm> NextTermAsync() =>
        await _terms.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Guard, TestContext.Current.CancellationToken);
}

/// <summary>One call of <see cref="RecordingWork.RunAsync"/>.</summary>
internal sealed class LeaderTerm(Leadership leadership)
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    public Leadership Leadership { get; } = leadership;

    /// <summary>When the term began (system clock), for lower bounds.</summary>
    public DateTimeOffset Began { get; } = DateTimeOffset.UtcNow;

    /// <summary>Completes when the work's token is cancelled.</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the work returned.</summary>
    public TaskCompletionSource Returned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits until the token is cancelled (a failure after a minute).</summary>
    public Task WaitCancelledAsync() => Cancelled.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);
}
