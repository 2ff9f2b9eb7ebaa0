namespace Fleet.Redis;

/// <summary>The RESP version a connection speaks.</summary>
public enum RedisProtocol
{
    /// <summary>RESP2, spoken by every Redis version.</summary>
    Resp2 = 2,

    /// <summary>RESP3 (Redis 6+), negotiated with HELLO; the client falls back to RESP2 when the server lacks it.</summary>
    Resp3 = 3,
}
