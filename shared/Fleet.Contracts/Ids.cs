namespace Fleet.Contracts;

/// <summary>The shapes ids take in events. Ids end up in Redis keys and file paths, so they are plain tokens.</summary>
public static class Ids
{
    /// <summary>A ULID (26 Crockford base32 characters): file ids, notification ids.</summary>
    public const string UlidPattern = "^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$";

    /// <summary>A user id: 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' (never a path or a key separator).</summary>
    public const string UserIdPattern = "^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$";

    /// <summary>A market symbol: 1 to 20 upper-case letters, digits, '.', '-' or '/', starting with a letter or digit (<c>ACME</c>, <c>BTC/USD</c>).</summary>
    public const string SymbolPattern = "^[A-Z0-9][A-Z0-9./-]{0,19}$";

    /// <summary>A Redis stream entry id, <c>milliseconds-sequence</c>.</summary>
    public const string EntryIdPattern = "^[0-9]{1,20}-[0-9]{1,20}$";
}
