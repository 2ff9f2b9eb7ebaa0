namespace Fleet.Redis;

/// <summary>
/// The connection to Redis failed, was lost, or could not be re-established in time.
/// A command that fails with this error may or may not have been executed by the server: it was
/// written, or about to be, when the connection broke. Fleet.Redis never re-sends it on its own.
/// </summary>
public sealed class RedisConnectionException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
