namespace Fleet.EventGateway.Replay;

/// <summary>The text of each <see cref="ReplayJobState"/> in the <c>replay_jobs.state</c> column and the HTTP API.</summary>
internal static class ReplayJobStates
{
    public static string Text(ReplayJobState state) => state switch
    {
        ReplayJobState.Queued => "queued",
        ReplayJobState.Running => "running",
        ReplayJobState.Completed => "completed",
        ReplayJobState.Failed => "failed",
        ReplayJobState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a replay job state."),
    };

    public static ReplayJobState Parse(string text) => text switch
    {
        "queued" => ReplayJobState.Queued,
        "running" => ReplayJobState.Running,
        "completed" => ReplayJobState.Completed,
        "failed" => ReplayJobState.Failed,
        "cancelled" => ReplayJobState.Cancelled,
        _ => throw new InvalidDataException($"replay_jobs.state holds '{text}', which is not a replay job state."),
    };
}
