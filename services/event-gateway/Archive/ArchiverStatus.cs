namespace Fleet.EventGateway.Archive;

/// <summary>
/// What the archiver's loop last did, for readiness: failing (PostgreSQL or Redis unreachable, so nothing is archived)
/// until a batch is written again. Turns count completed rounds of the loop, for tests and diagnostics to wait on.
/// </summary>
internal sealed class ArchiverStatus
{
    private volatile string? _failure;
    private long _turns;

    /// <summary>The last failure of the loop, or null while it works.</summary>
    public string? Failure => _failure;

    /// <summary>Completed rounds (a read and its writes and acknowledgements), since start.</summary>
    public long Turns => Interlocked.Read(ref _turns);

    public void MarkTurn()
    {
        _failure = null;
        Interlocked.Increment(ref _turns);
    }

    public void MarkFailing(Exception exception) => _failure = $"{exception.GetType().Name}: {exception.Message}";
}
