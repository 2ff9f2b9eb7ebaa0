namespace Fleet.Redis.Protocol;

/// <summary>The first byte of a RESP2 / RESP3 value, which names its type.</summary>
internal enum RespPrefix : byte
{
    SimpleString = (byte)'+',
    SimpleError = (byte)'-',
    Integer = (byte)':',
    BulkString = (byte)'$',
    Array = (byte)'*',
    Null = (byte)'_',
    Boolean = (byte)'#',
    Double = (byte)',',
    BigNumber = (byte)'(',
    BulkError = (byte)'!',
    VerbatimString = (byte)'=',
    Map = (byte)'%',
    Set = (byte)'~',
    Attribute = (byte)'|',
    Push = (byte)'>',
}
