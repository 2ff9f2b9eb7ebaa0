namespace Fleet.Chaos;

/// <summary>
/// The lines the roles write on stdout, one record a line, words separated by spaces; logs go to stderr, so the test
/// reads state from stdout without parsing log text.
/// </summary>
public static class ChaosProtocol
{
    /// <summary><c>ready</c>: the host started (consumer) or the publisher is about to publish.</summary>
    public const string Ready = "ready";

    /// <summary><c>tick UNIX_MS DIRECT SPOOLED</c>: cumulative publishes sent to Redis and spooled to the outbox, every 100 ms.</summary>
    public const string Tick = "tick";

    /// <summary><c>published UNIX_MS DIRECT SPOOLED</c>: every event was handed to the publisher.</summary>
    public const string Published = "published";

    /// <summary><c>drained UNIX_MS</c>: the outbox depth is 0 after the last publish.</summary>
    public const string Drained = "drained";

    /// <summary><c>epoch N</c>: the consumer's connection failed for the N-th time; later effects go to epoch N.</summary>
    public const string Epoch = "epoch";
}
