using System.Text;

namespace Fleet.Redis.Protocol;

/// <summary>Parsers for the aggregate replies of hash and sorted-set commands, in both RESP2 and RESP3 shapes.</summary>
internal static class CollectionParsers
{
    /// <summary>HGETALL: a RESP3 map or a RESP2 flat array of field, value, field, value...</summary>
    public static readonly IResultParser<IReadOnlyDictionary<string, RedisValue>> Hash = new HashParser();

    /// <summary>ZRANGE ... WITHSCORES, ZPOPMIN: RESP2 flat member, score, ...; RESP3 an array of [member, score] pairs.</summary>
    public static readonly IResultParser<SortedSetEntry[]> Entries = new EntriesParser();

    private sealed class HashParser : IResultParser<IReadOnlyDictionary<string, RedisValue>>
    {
        public IReadOnlyDictionary<string, RedisValue> Parse(ref RespReader reader)
        {
            var count = reader.ReadAggregateLength();
            var fields = new Dictionary<string, RedisValue>(Math.Max(count / 2, 0), StringComparer.Ordinal);
            for (var i = 0; i + 1 < count; i += 2)
            {
                var field = Encoding.UTF8.GetString(reader.ReadBlob(out _));
                fields[field] = ResultParsers.Value.Parse(ref reader);
            }

            return fields;
        }
    }

    private sealed class EntriesParser : IResultParser<SortedSetEntry[]>
    {
        public SortedSetEntry[] Parse(ref RespReader reader)
        {
            var count = reader.ReadAggregateLength();
            if (count <= 0)
            {
                return [];
            }

            // RESP3 nests each pair in its own array; RESP2 (and RESP3 ZPOPMIN without a count) sends them flat.
            if (reader.Peek() is RespPrefix.Array)
            {
                var nested = new SortedSetEntry[count];
                for (var i = 0; i < count; i++)
                {
                    if (reader.ReadAggregateLength() != 2)
                    {
                        throw new RedisProtocolException("Expected a [member, score] pair in a sorted-set reply.");
                    }

                    nested[i] = ReadEntry(ref reader);
                }

                return nested;
            }

            if (count % 2 != 0)
            {
                throw new RedisProtocolException($"Expected member, score pairs in a sorted-set reply but got {count} values.");
            }

            var flat = new SortedSetEntry[count / 2];
            for (var i = 0; i < flat.Length; i++)
            {
                flat[i] = ReadEntry(ref reader);
            }

            return flat;
        }

        private static SortedSetEntry ReadEntry(ref RespReader reader)
        {
            var member = ResultParsers.Value.Parse(ref reader);
            return new SortedSetEntry(member, reader.ReadDouble());
        }
    }
}
