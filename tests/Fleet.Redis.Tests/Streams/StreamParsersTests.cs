using System.Text;
using Fleet.Redis.Protocol;

namespace Fleet.Redis.Tests.Streams;

/// <summary>Stream reply parsers fed raw RESP, including shapes the test server (Redis 7.0) does not send.</summary>
public sealed class StreamParsersTests
{
    private const string Entry1 = "*2\r\n$3\r\n1-1\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$2\r\n22\r\n";
    private const string Entry2 = "*2\r\n$3\r\n1-2\r\n*2\r\n$1\r\nc\r\n$0\r\n\r\n";

    [Fact]
    public void Streams_Resp2PairsAndResp3Map_ReadTheSame()
    {
        var resp2 = Parse(StreamParsers.Streams, "*2\r\n*2\r\n$1\r\ns\r\n*1\r\n" + Entry1 + "*2\r\n$1\r\nt\r\n*1\r\n" + Entry2);
        var resp3 = Parse(StreamParsers.Streams, "%2\r\n$1\r\ns\r\n*1\r\n" + Entry1 + "$1\r\nt\r\n*1\r\n" + Entry2);

        foreach (var streams in new[] { resp2, resp3 })
        {
            Assert.Equal(["s", "t"], streams.Select(stream => stream.Key));
            var first = Assert.Single(streams[0].Entries);
            Assert.Equal(new RedisStreamId(1, 1), first.Id);
            Assert.Equal("1", first["a"].ToString());
            Assert.Equal("22", first["b"].ToString());
            var second = Assert.Single(streams[1].Entries);
            Assert.Equal(RedisValue.Null, second["a"]);
            Assert.False(second["c"].IsNull);
            Assert.True(second["c"].IsNullOrEmpty);
        }
    }

    [Fact]
    public void SingleStream_Resp2PairAndResp3Map_ReadTheSameEntries()
    {
        var resp2 = Parse(StreamParsers.SingleStream, "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n" + Entry1 + Entry2);
        var resp3 = Parse(StreamParsers.SingleStream, "%1\r\n$1\r\ns\r\n*2\r\n" + Entry1 + Entry2);

        Assert.Equal([new RedisStreamId(1, 1), new RedisStreamId(1, 2)], resp2.Select(entry => entry.Id));
        Assert.Equal([new RedisStreamId(1, 1), new RedisStreamId(1, 2)], resp3.Select(entry => entry.Id));
        Assert.Equal("22", resp3[0]["b"].ToString());
    }

    [Theory]
    [InlineData("*-1\r\n")]
    [InlineData("_\r\n")]
    public void Streams_NullReplyOfTimedOutBlock_ReadsEmpty(string reply)
    {
        Assert.Empty(Parse(StreamParsers.Streams, reply));
        Assert.Empty(Parse(StreamParsers.SingleStream, reply));
    }

    [Theory]
    [InlineData("*-1\r\n")]
    [InlineData("_\r\n")]
    public void Entries_NullFields_EntryIsDeleted(string nullFields)
    {
        var entries = Parse(StreamParsers.Entries, "*2\r\n*2\r\n$3\r\n1-1\r\n" + nullFields + Entry2);

        Assert.Equal(2, entries.Count);
        Assert.True(entries[0].IsDeleted);
        Assert.Empty(entries[0].Fields);
        Assert.True(entries[0]["a"].IsNull);
        Assert.False(entries[1].IsDeleted);
    }

    [Fact]
    public void Entries_NullEntry_LeftOut()
    {
        var entries = Parse(StreamParsers.Entries, "*3\r\n" + Entry1 + "*-1\r\n" + Entry2);

        Assert.Equal([new RedisStreamId(1, 1), new RedisStreamId(1, 2)], entries.Select(entry => entry.Id));
    }

    [Fact]
    public void Entries_ValuesShareOneBuffer_EachKeepsItsOwnBytes()
    {
        var entry = Assert.Single(Parse(StreamParsers.Entries, "*1\r\n*2\r\n$3\r\n9-9\r\n*6\r\n$1\r\nx\r\n$3\r\nabc\r\n$1\r\ny\r\n$0\r\n\r\n$1\r\nz\r\n$4\r\n\r\n\0\xff\r\n"));

        Assert.Equal("abc"u8.ToArray(), entry["x"].ToArray());
        Assert.Empty(entry["y"].ToArray());
        Assert.Equal(new byte[] { 13, 10, 0, 0xFF }, entry["z"].ToArray());
    }

    [Fact]
    public void AutoClaim_Redis62TwoElements_HasNoDeletedIds()
    {
        var result = Parse(StreamParsers.AutoClaim, "*2\r\n$3\r\n5-0\r\n*1\r\n" + Entry1);

        Assert.Equal(new RedisStreamId(5, 0), result.NextStart);
        Assert.Equal(new RedisStreamId(1, 1), Assert.Single(result.Entries).Id);
        Assert.Empty(result.DeletedIds);
    }

    [Fact]
    public void AutoClaim_Redis7ThreeElements_ReadsDeletedIds()
    {
        var result = Parse(StreamParsers.AutoClaim, "*3\r\n$3\r\n0-0\r\n*0\r\n*2\r\n$3\r\n1-3\r\n$3\r\n1-4\r\n");

        Assert.Equal(RedisStreamId.Zero, result.NextStart);
        Assert.Empty(result.Entries);
        Assert.Equal([new RedisStreamId(1, 3), new RedisStreamId(1, 4)], result.DeletedIds);
    }

    [Theory]
    [InlineData("*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n")]
    [InlineData("*4\r\n:0\r\n_\r\n_\r\n_\r\n")]
    public void PendingSummary_NothingPending_NullIdsAndNoConsumers(string reply)
    {
        var summary = Parse(StreamParsers.PendingSummary, reply);

        Assert.Equal(0, summary.Count);
        Assert.Null(summary.SmallestId);
        Assert.Null(summary.LargestId);
        Assert.Empty(summary.Consumers);
    }

    [Fact]
    public void PendingSummary_ConsumerCountsAsBulkStrings_ReadAsNumbers()
    {
        var summary = Parse(StreamParsers.PendingSummary, "*4\r\n:3\r\n$3\r\n1-1\r\n$3\r\n1-3\r\n*2\r\n*2\r\n$2\r\nc1\r\n$1\r\n2\r\n*2\r\n$2\r\nc2\r\n$1\r\n1\r\n");

        Assert.Equal(3, summary.Count);
        Assert.Equal(new RedisStreamId(1, 1), summary.SmallestId);
        Assert.Equal(new RedisStreamId(1, 3), summary.LargestId);
        Assert.Equal([new StreamPendingConsumer("c1", 2), new StreamPendingConsumer("c2", 1)], summary.Consumers);
    }

    [Fact]
    public void PendingSummary_WrongShape_ThrowsProtocolException()
    {
        Assert.Throws<RedisProtocolException>(() => Parse(StreamParsers.PendingSummary, "*3\r\n:0\r\n_\r\n_\r\n"));
    }

    [Fact]
    public void InfoConsumers_Redis72Inactive_ReadsItAndMinusOneAsNull()
    {
        var consumers = Parse(
            StreamInfoParsers.Consumers,
            "*2\r\n%4\r\n$4\r\nname\r\n$2\r\nc1\r\n$7\r\npending\r\n:2\r\n$4\r\nidle\r\n:1500\r\n$8\r\ninactive\r\n:700\r\n"
            + "%4\r\n$4\r\nname\r\n$2\r\nc2\r\n$7\r\npending\r\n:0\r\n$4\r\nidle\r\n:10\r\n$8\r\ninactive\r\n:-1\r\n");

        Assert.Equal("c1", consumers[0].Name);
        Assert.Equal(2, consumers[0].Pending);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), consumers[0].Idle);
        Assert.Equal(TimeSpan.FromMilliseconds(700), consumers[0].Inactive);
        Assert.Null(consumers[1].Inactive);
    }

    [Theory]
    [InlineData("$-1\r\n")]
    [InlineData("_\r\n")]
    public void InfoGroups_NullEntriesReadAndLag_ReadAsNull(string nullValue)
    {
        var group = Assert.Single(Parse(
            StreamInfoParsers.Groups,
            "*1\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:2\r\n$17\r\nlast-delivered-id\r\n$3\r\n0-0\r\n"
            + "$12\r\nentries-read\r\n" + nullValue + "$3\r\nlag\r\n" + nullValue));

        Assert.Equal("g", group.Name);
        Assert.Equal(1, group.Consumers);
        Assert.Equal(2, group.Pending);
        Assert.Null(group.EntriesRead);
        Assert.Null(group.Lag);
    }

    [Fact]
    public void InfoStream_Redis6ShapeWithUnknownField_SkipsItAndLeavesRedis7FieldsNull()
    {
        var info = Parse(
            StreamInfoParsers.Stream,
            "*16\r\n$6\r\nlength\r\n:1\r\n$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n$3\r\n1-1\r\n"
            + "$6\r\ngroups\r\n:0\r\n$6\r\nfuture\r\n*2\r\n:1\r\n%1\r\n$1\r\nk\r\n$1\r\nv\r\n$11\r\nfirst-entry\r\n" + Entry1 + "$10\r\nlast-entry\r\n" + Entry1);

        Assert.Equal(1, info.Length);
        Assert.Equal(1, info.RadixTreeKeys);
        Assert.Equal(new RedisStreamId(1, 1), info.LastGeneratedId);
        Assert.Equal(0, info.Groups);
        Assert.Null(info.EntriesAdded);
        Assert.Null(info.MaxDeletedEntryId);
        Assert.Null(info.RecordedFirstEntryId);
        Assert.Equal(new RedisStreamId(1, 1), info.FirstEntry?.Id);
        Assert.Equal(new RedisStreamId(1, 1), info.LastEntry?.Id);
    }

    [Fact]
    public void NullableId_NoMakeStreamNull_ReadsNull()
    {
        Assert.Null(Parse(StreamParsers.NullableId, "$-1\r\n"));
        Assert.Null(Parse(StreamParsers.NullableId, "_\r\n"));
        Assert.Equal(new RedisStreamId(1700000000000, 5), Parse(StreamParsers.NullableId, "$15\r\n1700000000000-5\r\n"));
    }

    [Fact]
    public void NullableId_NotAnId_ThrowsProtocolException()
    {
        Assert.Throws<RedisProtocolException>(() => Parse(StreamParsers.NullableId, "$2\r\nno\r\n"));
    }

    [Fact]
    public void NameCache_RepeatedAsciiName_ReturnsSameInstance()
    {
        var first = NameCache.Get("correlation_id"u8);
        var second = NameCache.Get("correlation_id"u8);

        Assert.Equal("correlation_id", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void NameCache_NonAsciiName_DecodesUtf8()
    {
        Assert.Equal("naïve", NameCache.Get(Encoding.UTF8.GetBytes("naïve")));
        Assert.Equal(string.Empty, NameCache.Get([]));
    }

    [Fact]
    public void Entries_FieldNameNotUtf8_KeepsItsBytesAndReadsUtf8NamesAsStrings()
    {
        var entry = Assert.Single(Parse(StreamParsers.Entries, "*1\r\n*2\r\n$3\r\n1-1\r\n*6\r\n$2\r\n\xff\xfe\r\n$1\r\n1\r\n$6\r\nna\xc3\xafve\r\n$1\r\n2\r\n$2\r\nid\r\n$1\r\n3\r\n"));

        Assert.True(entry.Fields[0].HasBinaryName);
        Assert.Equal(new byte[] { 0xFF, 0xFE }, entry.Fields[0].NameBytes.ToArray());
        Assert.Equal("\uFFFD\uFFFD", entry.Fields[0].Name);
        Assert.Equal("1", entry.Fields[0].Value.ToString());
        Assert.False(entry.Fields[1].HasBinaryName);
        Assert.Equal("naïve", entry.Fields[1].Name);
        Assert.Same(NameCache.Get("id"u8), entry.Fields[2].Name);
    }

    [Fact]
    public void Entries_NullFieldName_ThrowsProtocolException() =>
        Assert.Throws<RedisProtocolException>(() => Parse(StreamParsers.Entries, "*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$-1\r\n$1\r\n1\r\n"));

    [Fact]
    public void NameCache_InvalidUtf8_IsNoExactString()
    {
        Assert.False(NameCache.TryGetUtf8([0xC3, 0x28], out _));
        Assert.False(NameCache.TryGetUtf8([.. Enumerable.Repeat((byte)'a', 100), 0xFF], out _));
        Assert.True(NameCache.TryGetUtf8("naïve"u8, out var name));
        Assert.Equal("naïve", name);
    }

    private static T Parse<T>(IResultParser<T> parser, string resp)
    {
        // Latin-1: each char of the test string is one byte, so "\xff" stands for the byte 0xFF.
        var bytes = Encoding.Latin1.GetBytes(resp);
        var reader = new RespReader(bytes);
        var result = parser.Parse(ref reader);
        Assert.True(reader.IsAtEnd, "The parser left part of the reply unread.");
        return result;
    }
}
