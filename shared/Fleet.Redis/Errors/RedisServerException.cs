namespace Fleet.Redis;

/// <summary>
/// The server answered with an error reply (RESP <c>-</c> or <c>!</c>). <see cref="Prefix"/> keeps the
/// error code Redis put first (<c>ERR</c>, <c>NOGROUP</c>, <c>BUSYGROUP</c>, <c>WRONGTYPE</c>,
/// <c>NOSCRIPT</c>, <c>WRONGPASS</c>, ...) so callers can branch on it without parsing text.
/// </summary>
public sealed class RedisServerException : RedisException
{
    /// <summary>Creates the exception from the whole error line as the server sent it.</summary>
    public RedisServerException(string serverMessage)
        : base(serverMessage)
    {
        var space = serverMessage.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? serverMessage : serverMessage[..space];
        // Redis error codes are upper-case words; a message without one ("invalid password") gets ERR.
        Prefix = first.Length > 0 && first.All(c => char.IsAsciiLetterUpper(c) || c == '_') ? first : "ERR";
    }

    /// <summary>The error code, e.g. <c>NOGROUP</c> or <c>BUSYGROUP</c>.</summary>
    public string Prefix { get; }

    /// <summary>Whether the error code equals <paramref name="prefix"/> (ordinal).</summary>
    public bool Is(string prefix) => string.Equals(Prefix, prefix, StringComparison.Ordinal);
}
