namespace Fleet.EventGateway.Replay;

/// <summary>One row of <c>replay_jobs</c>: what the job does and how far it got.</summary>
internal sealed record ReplayJob
{
    public required string Id { get; init; }

    public required ReplaySpec Spec { get; init; }

    public required ReplayJobState State { get; init; }

    /// <summary>Matching events read from the archive so far (all of them once completed).</summary>
    public long Matched { get; init; }

    /// <summary>Matching events that are on their target stream (published by this job, by any of its runners).</summary>
    public long Published { get; init; }

    /// <summary>The archive cursor of the page the job is in (null: the first page).</summary>
    public string? PageCursor { get; init; }

    /// <summary>The original id of the last event published, or null before the first.</summary>
    public string? LastEventId { get; init; }

    /// <summary>The original timestamp of the last event published.</summary>
    public DateTimeOffset? LastEventTimestamp { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    /// <summary>Failures in a row since the last progress (reset by every saved batch).</summary>
    public int Failures { get; init; }
}
