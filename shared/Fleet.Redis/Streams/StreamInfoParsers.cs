using Fleet.Redis.Protocol;

namespace Fleet.Redis;

/// <summary>
/// Parsers of XINFO STREAM / GROUPS / CONSUMERS. Each reply is a map (RESP3) or a flat name-value array (RESP2),
/// read the same way; unknown names are skipped, so newer servers' additions do no harm.
/// </summary>
internal static class StreamInfoParsers
{
    public static readonly IResultParser<StreamInfo> Stream = new StreamInfoParser();
    public static readonly IResultParser<IReadOnlyList<StreamGroupInfo>> Groups = new GroupsParser();
    public static readonly IResultParser<IReadOnlyList<StreamConsumerInfo>> Consumers = new ConsumersParser();


    private static int ReadPairCount(ref RespReader reader, string what)
    {
        var length = reader.ReadAggregateLength();
        if (length < 0 || length % 2 != 0)
        {
            throw new RedisProtocolException($"Expected {what} as name-value pairs but got {length} elements.");
        }

        return length / 2;
    }

    private static TimeSpan ReadMilliseconds(ref RespReader reader) => TimeSpan.FromMilliseconds(reader.ReadInt64());

    private sealed class StreamInfoParser : IResultParser<StreamInfo>
    {
        public StreamInfo Parse(ref RespReader reader)
        {
            var pairs = ReadPairCount(ref reader, "XINFO STREAM");
            long length = 0, groups = 0;
            long? radixKeys = null, radixNodes = null, entriesAdded = null;
            RedisStreamId lastGenerated = default;
            RedisStreamId? maxDeleted = null, recordedFirst = null;
            StreamEntry? first = null, last = null;
            for (var i = 0; i < pairs; i++)
            {
                var name = reader.ReadBlob(out _);
                if (name.SequenceEqual("length"u8))
                {
                    length = reader.ReadInt64();
                }
                else if (name.SequenceEqual("radix-tree-keys"u8))
                {
                    radixKeys = ResultParsers.NullableInteger.Parse(ref reader);
                }
                else if (name.SequenceEqual("radix-tree-nodes"u8))
                {
                    radixNodes = ResultParsers.NullableInteger.Parse(ref reader);
                }
                else if (name.SequenceEqual("last-generated-id"u8))
                {
                    lastGenerated = StreamReplyReader.ReadId(ref reader);
                }
                else if (name.SequenceEqual("max-deleted-entry-id"u8))
                {
                    maxDeleted = StreamReplyReader.ReadNullableId(ref reader);
                }
                else if (name.SequenceEqual("entries-added"u8))
                {
                    entriesAdded = ResultParsers.NullableInteger.Parse(ref reader);
                }
                else if (name.SequenceEqual("recorded-first-entry-id"u8))
                {
                    recordedFirst = StreamReplyReader.ReadNullableId(ref reader);
                }
                else if (name.SequenceEqual("groups"u8))
                {
                    groups = reader.ReadInt64();
                }
                else if (name.SequenceEqual("first-entry"u8))
                {
                    first = StreamReplyReader.ReadEntry(ref reader);
                }
                else if (name.SequenceEqual("last-entry"u8))
                {
                    last = StreamReplyReader.ReadEntry(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return new StreamInfo
            {
                Length = length,
                RadixTreeKeys = radixKeys,
                RadixTreeNodes = radixNodes,
                LastGeneratedId = lastGenerated,
                MaxDeletedEntryId = maxDeleted,
                EntriesAdded = entriesAdded,
                RecordedFirstEntryId = recordedFirst,
                Groups = groups,
                FirstEntry = first,
                LastEntry = last,
            };
        }
    }

    private sealed class GroupsParser : IResultParser<IReadOnlyList<StreamGroupInfo>>
    {
        public IReadOnlyList<StreamGroupInfo> Parse(ref RespReader reader) => RespArray.Read(ref reader, ReadGroup);

        private static StreamGroupInfo ReadGroup(ref RespReader reader)
        {
            var pairs = ReadPairCount(ref reader, "an XINFO GROUPS group");
            var groupName = string.Empty;
            long consumers = 0, pending = 0;
            long? entriesRead = null, lag = null;
            RedisStreamId lastDelivered = default;
            for (var i = 0; i < pairs; i++)
            {
                var name = reader.ReadBlob(out _);
                if (name.SequenceEqual("name"u8))
                {
                    groupName = StreamReplyReader.ReadName(ref reader);
                }
                else if (name.SequenceEqual("consumers"u8))
                {
                    consumers = reader.ReadInt64();
                }
                else if (name.SequenceEqual("pending"u8))
                {
                    pending = reader.ReadInt64();
                }
                else if (name.SequenceEqual("last-delivered-id"u8))
                {
                    lastDelivered = StreamReplyReader.ReadId(ref reader);
                }
                else if (name.SequenceEqual("entries-read"u8))
                {
                    entriesRead = ResultParsers.NullableInteger.Parse(ref reader);
                }
                else if (name.SequenceEqual("lag"u8))
                {
                    lag = ResultParsers.NullableInteger.Parse(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return new StreamGroupInfo
            {
                Name = groupName,
                Consumers = consumers,
                Pending = pending,
                LastDeliveredId = lastDelivered,
                EntriesRead = entriesRead,
                Lag = lag,
            };
        }
    }

    private sealed class ConsumersParser : IResultParser<IReadOnlyList<StreamConsumerInfo>>
    {
        public IReadOnlyList<StreamConsumerInfo> Parse(ref RespReader reader) => RespArray.Read(ref reader, ReadConsumer);

        private static StreamConsumerInfo ReadConsumer(ref RespReader reader)
        {
            var pairs = ReadPairCount(ref reader, "an XINFO CONSUMERS consumer");
            var consumerName = string.Empty;
            long pending = 0;
            TimeSpan idle = default;
            TimeSpan? inactive = null;
            for (var i = 0; i < pairs; i++)
            {
                var name = reader.ReadBlob(out _);
                if (name.SequenceEqual("name"u8))
                {
                    consumerName = StreamReplyReader.ReadName(ref reader);
                }
                else if (name.SequenceEqual("pending"u8))
                {
                    pending = reader.ReadInt64();
                }
                else if (name.SequenceEqual("idle"u8))
                {
                    idle = ReadMilliseconds(ref reader);
                }
                else if (name.SequenceEqual("inactive"u8))
                {
                    // Redis 7.2 sends -1 for a consumer that never read or claimed successfully.
                    var milliseconds = ResultParsers.NullableInteger.Parse(ref reader);
                    inactive = milliseconds is >= 0 ? TimeSpan.FromMilliseconds(milliseconds.Value) : null;
                }
                else
                {
                    reader.Skip();
                }
            }

            return new StreamConsumerInfo { Name = consumerName, Pending = pending, Idle = idle, Inactive = inactive };
        }
    }
}
