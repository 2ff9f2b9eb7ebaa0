namespace Fleet.Redis;

/// <summary>A reconnect attempt failed; the next one follows after <see cref="NextDelay"/>.</summary>
public sealed class RedisReconnectAttemptEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public RedisReconnectAttemptEventArgs(string endpoint, Exception error, TimeSpan nextDelay)
    {
        Endpoint = endpoint;
        Error = error;
        NextDelay = nextDelay;
    }

    /// <summary>The server, as host:port or socket path (never the password).</summary>
    public string Endpoint { get; }

    /// <summary>Why the attempt failed.</summary>
    public Exception Error { get; }

    /// <summary>The backoff before the next attempt (exponential, with jitter).</summary>
    public TimeSpan NextDelay { get; }
}
