using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>The stateless reply parsers of the stream commands; each reads the RESP2 and the RESP3 shape.</summary>
internal static class StreamParsers
{
    public static readonly IResultParser<RedisStreamId?> NullableId = new NullableIdParser();
    public static readonly IResultParser<IReadOnlyList<StreamEntry>> Entries = new EntriesParser();
    public static readonly IResultParser<IReadOnlyList<RedisStreamId>> Ids = new IdsParser();
    public static readonly IResultParser<IReadOnlyList<StreamReadResult>> Streams = new StreamsParser();
    public static readonly IResultParser<IReadOnlyList<StreamEntry>> SingleStream = new SingleStreamParser();
    public static readonly IResultParser<StreamAutoClaimResult> AutoClaim = new AutoClaimParser();
    public static readonly IResultParser<StreamPendingSummary> PendingSummary = new PendingSummaryParser();
    public static readonly IResultParser<IReadOnlyList<StreamPendingEntry>> PendingEntries = new PendingEntriesParser();

    private static readonly StreamPendingConsumer[] NoConsumers = [];

    /// <summary>An array of ids (XCLAIM JUSTID, the deleted ids of XAUTOCLAIM); null reads as empty.</summary>
    internal static RedisStreamId[] ReadIds(ref RespReader reader) => RespArray.Read(ref reader, StreamReplyReader.ReadId);

    /// <summary>XADD: the new id, or null when NOMKSTREAM found no stream.</summary>
    private sealed class NullableIdParser : IResultParser<RedisStreamId?>
    {
        public RedisStreamId? Parse(ref RespReader reader) => StreamReplyReader.ReadNullableId(ref reader);
    }

    private sealed class EntriesParser : IResultParser<IReadOnlyList<StreamEntry>>
    {
        public IReadOnlyList<StreamEntry> Parse(ref RespReader reader) => StreamReplyReader.ReadEntries(ref reader);
    }

    private sealed class IdsParser : IResultParser<IReadOnlyList<RedisStreamId>>
    {
        public IReadOnlyList<RedisStreamId> Parse(ref RespReader reader) => ReadIds(ref reader);
    }

    private sealed class StreamsParser : IResultParser<IReadOnlyList<StreamReadResult>>
    {
        public IReadOnlyList<StreamReadResult> Parse(ref RespReader reader) => StreamReplyReader.ReadStreams(ref reader);
    }

    private sealed class SingleStreamParser : IResultParser<IReadOnlyList<StreamEntry>>
    {
        public IReadOnlyList<StreamEntry> Parse(ref RespReader reader) => StreamReplyReader.ReadSingleStream(ref reader);
    }

    /// <summary>XAUTOCLAIM: <c>[next, entries, deleted ids]</c> on Redis 7, <c>[next, entries]</c> on 6.2.</summary>
    private sealed class AutoClaimParser : IResultParser<StreamAutoClaimResult>
    {
        public StreamAutoClaimResult Parse(ref RespReader reader)
        {
            var count = reader.ReadAggregateLength();
            if (count is not (2 or 3))
            {
                throw new RedisProtocolException($"Expected an XAUTOCLAIM reply of 2 or 3 elements but got {count}.");
            }

            var next = StreamReplyReader.ReadId(ref reader);
            var entries = StreamReplyReader.ReadEntries(ref reader);
            var deleted = count == 3 ? ReadIds(ref reader) : [];
            return new StreamAutoClaimResult(next, entries, deleted);
        }
    }

    /// <summary>
    /// XPENDING key group: <c>[count, smallest, largest, [[consumer, count], ...]]</c>, with nulls for the last
    /// three when nothing is pending. Consumer counts arrive as bulk strings.
    /// </summary>
    private sealed class PendingSummaryParser : IResultParser<StreamPendingSummary>
    {
        public StreamPendingSummary Parse(ref RespReader reader)
        {
            StreamReplyReader.ReadTuple(ref reader, 4, "an XPENDING summary");
            var count = reader.ReadInt64();
            var smallest = StreamReplyReader.ReadNullableId(ref reader);
            var largest = StreamReplyReader.ReadNullableId(ref reader);
            return new StreamPendingSummary(count, smallest, largest, ReadConsumers(ref reader));
        }

        private static StreamPendingConsumer[] ReadConsumers(ref RespReader reader)
        {
            // Redis sends an array of [name, count] pairs; a map {name => count} is read too, should a server send one.
            var isMap = reader.Peek() == RespPrefix.Map;
            var length = reader.ReadAggregateLength();
            var count = isMap ? length / 2 : length;
            if (count <= 0)
            {
                return NoConsumers;
            }

            var consumers = new StreamPendingConsumer[count];
            for (var i = 0; i < count; i++)
            {
                if (!isMap)
                {
                    StreamReplyReader.ReadTuple(ref reader, 2, "an XPENDING consumer");
                }

                var name = StreamReplyReader.ReadName(ref reader);
                consumers[i] = new StreamPendingConsumer(name, reader.ReadInt64());
            }

            return consumers;
        }
    }

    /// <summary>Extended XPENDING: <c>[[id, consumer, idle ms, deliveries], ...]</c>.</summary>
    private sealed class PendingEntriesParser : IResultParser<IReadOnlyList<StreamPendingEntry>>
    {
        public IReadOnlyList<StreamPendingEntry> Parse(ref RespReader reader) => RespArray.Read(ref reader, ReadPendingEntry);

        private static StreamPendingEntry ReadPendingEntry(ref RespReader reader)
        {
            StreamReplyReader.ReadTuple(ref reader, 4, "an XPENDING entry");
            var id = StreamReplyReader.ReadId(ref reader);
            var consumer = StreamReplyReader.ReadName(ref reader);
            var idle = TimeSpan.FromMilliseconds(reader.ReadInt64());
            return new StreamPendingEntry(id, consumer, idle, reader.ReadInt64());
        }
    }
}
