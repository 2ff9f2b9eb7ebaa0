namespace Fleet.Redis;

/// <summary>A handler of one of the client's events threw; the client carried on without it.</summary>
public sealed class RedisEventHandlerErrorEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public RedisEventHandlerErrorEventArgs(string eventName, Exception error)
    {
        EventName = eventName;
        Error = error;
    }

    /// <summary>The event whose handler threw: ConnectionFailed, ConnectionRestored or ReconnectAttemptFailed.</summary>
    public string EventName { get; }

    /// <summary>What the handler threw.</summary>
    public Exception Error { get; }
}
