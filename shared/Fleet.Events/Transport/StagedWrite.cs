using Fleet.Redis;

namespace Fleet.Events.Transport;

/// <summary>The Redis commands a handler may stage (<see cref="EventContext{TEvent}"/>), as the commit script names them.</summary>
internal enum StagedCommand
{
    /// <summary>SET key value [PX ms]: <c>First</c> is the value, <c>Second</c> the expiry in milliseconds or null.</summary>
    Set,

    /// <summary>INCRBY key by: <c>First</c> is the increment.</summary>
    IncrementBy,

    /// <summary>HSET key field value.</summary>
    HashSet,

    /// <summary>HINCRBY key field by.</summary>
    HashIncrementBy,

    /// <summary>DEL key.</summary>
    Delete,

    /// <summary>ZADD key score member: <c>First</c> is the score, <c>Second</c> the member.</summary>
    SortedSetAdd,

    /// <summary>SADD key member.</summary>
    SetAdd,

    /// <summary>PEXPIRE key ms.</summary>
    Expire,
}

/// <summary>One staged write: a command, its key (in the stream's hash tag) and up to two arguments.</summary>
internal readonly record struct StagedWrite(StagedCommand Command, string Key, RedisValue First, RedisValue Second);
