namespace Fleet.Redis;

/// <summary>A subscription handler threw while handling <see cref="Message"/>.</summary>
public sealed class RedisSubscriberHandlerErrorEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public RedisSubscriberHandlerErrorEventArgs(RedisChannelMessage message, Exception error)
    {
        Message = message;
        Error = error;
    }

    /// <summary>The message being handled.</summary>
    public RedisChannelMessage Message { get; }

    /// <summary>What the handler threw.</summary>
    public Exception Error { get; }
}
