namespace Fleet.Redis;

/// <summary>The base of every error Fleet.Redis raises; catch this to handle any Redis failure.</summary>
public abstract class RedisException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected RedisException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
