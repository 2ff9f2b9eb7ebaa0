namespace Fleet.Demo.Gateway;

/// <summary>A replay job's progress as GET /events/replay/{jobId} reports it.</summary>
internal sealed record ReplayJobView(string JobId, string State, long Matched, long Published, string? Error, DateTimeOffset? FinishedAt)
{
    /// <summary>Whether the job ended (completed, failed or cancelled): it has a finishing time.</summary>
    public bool Finished => FinishedAt is not null;
}
