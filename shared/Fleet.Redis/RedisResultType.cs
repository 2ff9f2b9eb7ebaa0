namespace Fleet.Redis;

/// <summary>The RESP type of a <see cref="RedisResult"/>.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members are named after the RESP types of the Redis protocol specification.")]
public enum RedisResultType
{
    /// <summary>A null reply (RESP3 <c>_</c>, RESP2 <c>$-1</c> or <c>*-1</c>).</summary>
    Null,

    /// <summary>A simple string such as <c>OK</c>.</summary>
    SimpleString,

    /// <summary>A binary-safe bulk string.</summary>
    BulkString,

    /// <summary>A verbatim string (RESP3); its format prefix is removed.</summary>
    VerbatimString,

    /// <summary>A 64-bit integer.</summary>
    Integer,

    /// <summary>A double (RESP3).</summary>
    Double,

    /// <summary>A boolean (RESP3).</summary>
    Boolean,

    /// <summary>A big number (RESP3), kept as its decimal text.</summary>
    BigNumber,

    /// <summary>An array.</summary>
    Array,

    /// <summary>A set (RESP3).</summary>
    Set,

    /// <summary>A map (RESP3); <see cref="RedisResult.Elements"/> holds key, value, key, value.</summary>
    Map,

    /// <summary>A push frame (RESP3 out-of-band data).</summary>
    Push,

    /// <summary>An error nested in an aggregate (inside an EXEC or script reply).</summary>
    Error,
}
