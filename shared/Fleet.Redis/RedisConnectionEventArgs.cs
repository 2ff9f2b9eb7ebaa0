namespace Fleet.Redis;

/// <summary>Tells a higher layer that the connection to Redis was lost or has come back.</summary>
public sealed class RedisConnectionEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public RedisConnectionEventArgs(string endpoint, Exception? error)
    {
        Endpoint = endpoint;
        Error = error;
    }

    /// <summary>The server, as host:port or socket path (never the password).</summary>
    public string Endpoint { get; }

    /// <summary>Why the connection was lost; null when it came back.</summary>
    public Exception? Error { get; }
}
