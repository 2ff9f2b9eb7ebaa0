namespace Fleet.Redis;

/// <summary>
/// A command got no reply within its timeout. The command may still run on the server; its late reply
/// is discarded and the connection stays usable.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisTimeoutException(string message)
        : base(message)
    {
    }
}
