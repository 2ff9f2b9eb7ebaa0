namespace Fleet.Redis.Protocol;

/// <summary>The stateless parsers shared by many commands; command-specific ones live beside their commands.</summary>
internal static class ResultParsers
{
    public static readonly IResultParser<RedisResult> Result = new ResultParser();
    public static readonly IResultParser<bool> Ok = new OkParser();
    public static readonly IResultParser<long> Integer = new IntegerParser();
    public static readonly IResultParser<long?> NullableInteger = new NullableIntegerParser();
    public static readonly IResultParser<bool> Boolean = new BooleanParser();
    public static readonly IResultParser<RedisValue> Value = new ValueParser();
    public static readonly IResultParser<string?> Text = new TextParser();
    public static readonly IResultParser<double?> NullableDouble = new NullableDoubleParser();
    public static readonly IResultParser<RedisValue[]> Values = new ValuesParser();

    private sealed class ResultParser : IResultParser<RedisResult>
    {
        public RedisResult Parse(ref RespReader reader) => RedisResult.Read(ref reader);
    }

    /// <summary>True for a simple-string status (<c>OK</c>), false for a null (a SET NX that did not set).</summary>
    private sealed class OkParser : IResultParser<bool>
    {
        public bool Parse(ref RespReader reader)
        {
            if (reader.TryReadNull())
            {
                return false;
            }

            reader.ReadBlob(out _);
            return true;
        }
    }

    private sealed class IntegerParser : IResultParser<long>
    {
        public long Parse(ref RespReader reader) => reader.ReadInt64();
    }

    private sealed class NullableIntegerParser : IResultParser<long?>
    {
        public long? Parse(ref RespReader reader)
        {
            if (reader.TryReadNull())
            {
                return null;
            }

            return reader.ReadInt64();
        }
    }

    private sealed class BooleanParser : IResultParser<bool>
    {
        public bool Parse(ref RespReader reader) => reader.ReadBoolean();
    }

    private sealed class ValueParser : IResultParser<RedisValue>
    {
        public RedisValue Parse(ref RespReader reader)
        {
            var bytes = reader.ReadBlob(out var isNull);
            return isNull ? RedisValue.Null : RedisValue.CopyOf(bytes);
        }
    }

    private sealed class TextParser : IResultParser<string?>
    {
        public string? Parse(ref RespReader reader) => reader.ReadString();
    }

    private sealed class NullableDoubleParser : IResultParser<double?>
    {
        public double? Parse(ref RespReader reader)
        {
            if (reader.TryReadNull())
            {
                return null;
            }

            return reader.ReadDouble();
        }
    }

    private sealed class ValuesParser : IResultParser<RedisValue[]>
    {
        public RedisValue[] Parse(ref RespReader reader) => RespArray.Read(ref reader, ReadValue);

        // A static method, so the delegate is cached rather than allocated per reply.
        private static RedisValue ReadValue(ref RespReader reader) => Value.Parse(ref reader);
    }
}
