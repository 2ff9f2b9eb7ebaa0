namespace Fleet.Redis;

/// <summary>
/// A stream to read and where to read it from, for XREAD and XREADGROUP over several streams. The position is
/// an id (entries after it), <see cref="Undelivered"/> (<c>&gt;</c>, XREADGROUP only) or <see cref="Latest"/>
/// (<c>$</c>, XREAD only).
/// </summary>
/// <param name="Key">The stream's key.</param>
/// <param name="Position">Where to read from: an id, <c>&gt;</c> or <c>$</c>.</param>
public readonly record struct StreamPosition(string Key, string Position)
{
    /// <summary><c>&gt;</c>: entries never delivered to any consumer of the group (XREADGROUP).</summary>
    public const string Undelivered = ">";

    /// <summary><c>$</c>: only entries added after the call started (XREAD with BLOCK).</summary>
    public const string Latest = "$";

    /// <summary><c>0</c>: from the start of the stream (XREAD), or this consumer's whole pending list (XREADGROUP).</summary>
    public const string Beginning = "0";

    /// <summary>Reads the entries after <paramref name="after"/>.</summary>
    public StreamPosition(string key, RedisStreamId after)
        : this(key, after.ToString())
    {
    }
}
