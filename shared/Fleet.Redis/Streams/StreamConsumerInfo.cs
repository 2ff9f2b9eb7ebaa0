namespace Fleet.Redis;

/// <summary>A consumer's state in its group (one element of XINFO CONSUMERS).</summary>
public sealed class StreamConsumerInfo
{
    /// <summary>The consumer's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Entries delivered to it and not yet acknowledged.</summary>
    public long Pending { get; init; }

    /// <summary>Time since its last attempted interaction (a read, claim or ack).</summary>
    public TimeSpan Idle { get; init; }

    /// <summary>
    /// Time since its last successful interaction (one that read or claimed entries); Redis 7.2 and later.
    /// Null when the server does not report it or when the consumer never succeeded.
    /// </summary>
    public TimeSpan? Inactive { get; init; }
}
