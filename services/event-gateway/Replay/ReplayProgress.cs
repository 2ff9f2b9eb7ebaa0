namespace Fleet.EventGateway.Replay;

/// <summary>How far a job got: what its runner saves after every batch, and what a resumed runner starts from.</summary>
internal sealed record ReplayProgress(long Matched, long Published, string? PageCursor, string? LastEventId, DateTimeOffset? LastEventTimestamp)
{
    public static ReplayProgress Of(ReplayJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.Matched, job.Published, job.PageCursor, job.LastEventId, job.LastEventTimestamp);
    }
}
