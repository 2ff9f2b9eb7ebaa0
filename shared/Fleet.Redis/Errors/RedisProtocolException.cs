namespace Fleet.Redis;

/// <summary>
/// The bytes from the server are not valid RESP, or a reply has a shape the command cannot read.
/// A malformed stream closes the connection, since replies could no longer be matched to callers.
/// </summary>
public sealed class RedisProtocolException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisProtocolException(string message)
        : base(message)
    {
    }
}
