namespace Fleet.Events;

/// <summary>
/// One consumer loop's state at one moment (one group on one stream in this instance), as the health check reports
/// it: whether it runs, when it last read, its last error, and how much it holds.
/// </summary>
public sealed record ConsumerLoopHealth
{
    /// <summary>The stream name, e.g. <c>contextual.events</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>The consumer group.</summary>
    public required string Group { get; init; }

    /// <summary>This instance's consumer name.</summary>
    public required string Consumer { get; init; }

    /// <summary>Whether the loop is running (started and not stopped).</summary>
    public required bool IsRunning { get; init; }

    /// <summary>When the loop started, or null before it did.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When a read from the stream (XREADGROUP, an empty blocking read included) last succeeded, or null.</summary>
    public DateTimeOffset? LastSuccessfulRead { get; init; }

    /// <summary>The message of the last transport error the loop met, or null.</summary>
    public string? LastError { get; init; }

    /// <summary>When the last transport error happened, or null.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Entries read or claimed and not yet finished.</summary>
    public int InFlight { get; init; }

    /// <summary>
    /// Whether every prefetch slot is taken by work in progress, so the loop waits for a handler to finish before it
    /// reads again (busy, not stuck: its last read may be old).
    /// </summary>
    public bool IsBusy { get; init; }

    /// <summary>
    /// How long the longest-running handler has been running, zero when none runs. Past the processing timeout its
    /// token has fired; far past it, the handler ignores cancellation and holds its slot.
    /// </summary>
    public TimeSpan LongestRunningHandler { get; init; }

    /// <summary>How often the group was found missing (Redis lost it) and re-created since start.</summary>
    public long GroupRecreations { get; init; }

    /// <summary>The longest a blocking read waits (<see cref="ConsumerGroupOptions.BlockTimeout"/>).</summary>
    public TimeSpan BlockTimeout { get; init; }

    /// <summary>The longest a delivery may take (<see cref="ConsumerGroupOptions.ProcessingTimeout"/>).</summary>
    public TimeSpan ProcessingTimeout { get; init; }
}
