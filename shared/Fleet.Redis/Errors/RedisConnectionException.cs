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

    /// <summary>Creates the exception, saying whether it is a configuration error (see <see cref="IsConfigurationError"/>).</summary>
    public RedisConnectionException(string message, Exception? innerException, bool isConfigurationError)
        : base(message, innerException)
    {
        IsConfigurationError = isConfigurationError;
    }

    /// <summary>
    /// True when the server answered but refused the connection's handshake (HELLO, AUTH, CLIENT SETNAME or SELECT:
    /// WRONGPASS, NOAUTH, NOPERM, a database out of range): waiting will not help until the configuration or the
    /// server's ACL changes. The refusal is the <see cref="Exception.InnerException"/> (a <see cref="RedisServerException"/>).
    /// </summary>
    public bool IsConfigurationError { get; }
}
