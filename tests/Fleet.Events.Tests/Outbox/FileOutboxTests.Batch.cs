using Fleet.Events.Outbox;

namespace Fleet.Events.Tests.Outbox;

public sealed partial class FileOutboxTests
{
    [Fact]
    public void AppendBatch_AcrossSegmentRolls_KeepsOrderAfterReopen()
    {
        using (var outbox = Open())
        {
            outbox.Append(Record(0));
            outbox.AppendBatch([.. Enumerable.Range(1, 20).Select(i => OutboxRecordCodec.Encode(Record(i)))]);
            Assert.Equal(21, outbox.Count);
        }

        Assert.True(SegmentFiles().Length > 1);
        using var reopened = Open();
        Assert.Equal(Enumerable.Range(0, 21), Drain(reopened));
    }

    [Fact]
    public void AppendBatch_MoreThanTheRoomLeft_ThrowsOutboxFullAndAppendsNone()
    {
        using var outbox = Open(maxEvents: 5);
        outbox.Append(Record(0));

        var error = Assert.Throws<OutboxFullException>(() =>
            outbox.AppendBatch([.. Enumerable.Range(1, 5).Select(i => OutboxRecordCodec.Encode(Record(i)))]));

        Assert.Contains("MaxEvents", error.Message, StringComparison.Ordinal);
        Assert.Equal([0], Drain(outbox));
    }
}
