namespace Fleet.EventGateway.Replay;

/// <summary>The states of a replay job, stored and reported as lower-case text (<see cref="ReplayJobStates"/>).</summary>
internal enum ReplayJobState
{
    /// <summary>Accepted; no replica has started it yet.</summary>
    Queued,

    /// <summary>A replica publishes it (or one did and another resumes it once the lease expires).</summary>
    Running,

    /// <summary>Every matching event was published.</summary>
    Completed,

    /// <summary>Stopped by an error (see the job's error).</summary>
    Failed,

    /// <summary>Stopped by <c>DELETE /events/replay/{id}</c>.</summary>
    Cancelled,
}
