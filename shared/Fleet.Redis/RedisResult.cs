using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>
/// Any reply, as a tree: what <see cref="RedisClient.ExecuteAsync(string, RedisValue[])"/>, EVAL and EXEC return.
/// Scalars carry a <see cref="Value"/>; aggregates carry <see cref="Elements"/> (maps flattened as key, value, ...).
/// </summary>
public sealed class RedisResult
{
    private static readonly RedisResult[] NoElements = [];

    private RedisResult(RedisResultType type, RedisValue value, RedisResult[] elements, string? error = null)
    {
        Type = type;
        Value = value;
        Elements = elements;
        ErrorMessage = error;
    }

    /// <summary>The RESP type of the reply.</summary>
    public RedisResultType Type { get; }

    /// <summary>The value of a scalar reply (null for aggregates and null replies).</summary>
    public RedisValue Value { get; }

    /// <summary>The children of an aggregate reply; empty for scalars.</summary>
    public IReadOnlyList<RedisResult> Elements { get; }

    /// <summary>The text of a nested error reply, else null.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Whether the reply is null.</summary>
    public bool IsNull => Type == RedisResultType.Null;

    /// <summary>The child at <paramref name="index"/>.</summary>
    public RedisResult this[int index] => Elements[index];

    /// <summary>The reply as text.</summary>
    public override string ToString() => Type switch
    {
        RedisResultType.Error => ErrorMessage!,
        RedisResultType.Array or RedisResultType.Set or RedisResultType.Map or RedisResultType.Push =>
            "[" + string.Join(", ", Elements) + "]",
        _ => Value.ToString(),
    };

    /// <summary>The reply as an integer.</summary>
    public long ToInt64() => Value.ToInt64();

    /// <summary>The reply as a double.</summary>
    public double ToDouble() => Value.ToDouble();

    /// <summary>Throws the nested server error this result holds, if it holds one.</summary>
    public void ThrowIfError()
    {
        if (Type == RedisResultType.Error)
        {
            throw new RedisServerException(ErrorMessage!);
        }
    }

    internal static RedisResult Read(ref RespReader reader)
    {
        var prefix = reader.Peek();
        switch (prefix)
        {
            case RespPrefix.Array:
            case RespPrefix.Set:
            case RespPrefix.Map:
            case RespPrefix.Push:
                var count = reader.ReadAggregateLength();
                if (count < 0)
                {
                    return new RedisResult(RedisResultType.Null, RedisValue.Null, NoElements);
                }

                var elements = count == 0 ? NoElements : new RedisResult[count];
                for (var i = 0; i < count; i++)
                {
                    elements[i] = Read(ref reader);
                }

                return new RedisResult(AggregateType(prefix), RedisValue.Null, elements);
            case RespPrefix.SimpleError:
            case RespPrefix.BulkError:
                return new RedisResult(RedisResultType.Error, RedisValue.Null, NoElements, reader.ReadErrorMessage());
            case RespPrefix.Integer:
                return new RedisResult(RedisResultType.Integer, reader.ReadInt64(), NoElements);
            case RespPrefix.Double:
                return new RedisResult(RedisResultType.Double, reader.ReadDouble(), NoElements);
            case RespPrefix.Boolean:
                return new RedisResult(RedisResultType.Boolean, reader.ReadBoolean() ? 1 : 0, NoElements);
            default:
                var bytes = reader.ReadBlob(out var isNull);
                return isNull
                    ? new RedisResult(RedisResultType.Null, RedisValue.Null, NoElements)
                    : new RedisResult(ScalarType(prefix), RedisValue.CopyOf(bytes), NoElements);
        }
    }

    private static RedisResultType AggregateType(RespPrefix prefix) => prefix switch
    {
        RespPrefix.Set => RedisResultType.Set,
        RespPrefix.Map => RedisResultType.Map,
        RespPrefix.Push => RedisResultType.Push,
        _ => RedisResultType.Array,
    };

    private static RedisResultType ScalarType(RespPrefix prefix) => prefix switch
    {
        RespPrefix.SimpleString => RedisResultType.SimpleString,
        RespPrefix.VerbatimString => RedisResultType.VerbatimString,
        RespPrefix.BigNumber => RedisResultType.BigNumber,
        RespPrefix.Null => RedisResultType.Null,
        _ => RedisResultType.BulkString,
    };
}
