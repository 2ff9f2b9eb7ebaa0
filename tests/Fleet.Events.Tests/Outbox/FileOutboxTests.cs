using System.Globalization;
using Fleet.Events.Outbox;
using Fleet.Redis;

namespace Fleet.Events.Tests.Outbox;

public sealed partial class FileOutboxTests : IDisposable
{
    // Each record below is a little over 40 bytes framed, so 200-byte segments hold a handful and tests roll often.
    private const long SmallSegment = 200;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fleet-outbox-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void TryPeek_AfterAppendsAcrossSegments_ReturnsRecordsInAppendOrder()
    {
        using var outbox = Open();
        for (var i = 0; i < 20; i++)
        {
            outbox.Append(Record(i));
        }

        Assert.True(SegmentFiles().Length > 3);
        Assert.Equal(Enumerable.Range(0, 20), Drain(outbox));
        Assert.True(outbox.IsEmpty);
        Assert.False(outbox.TryPeek(out _));
    }

    [Fact]
    public void Open_AfterDispose_KeepsOrderAndCount()
    {
        long bytes;
        using (var outbox = Open())
        {
            for (var i = 0; i < 15; i++)
            {
                outbox.Append(Record(i));
            }

            bytes = outbox.Bytes;
        }

        using var reopened = Open();

        Assert.Equal(15, reopened.Count);
        Assert.Equal(bytes, reopened.Bytes);
        Assert.Equal(Enumerable.Range(0, 15), reopened.PeekBatch(100).Select(Sequence));
    }

    [Fact]
    public void Open_AfterDispose_AppendsContinueAfterRecoveredRecords()
    {
        using (var outbox = Open())
        {
            outbox.Append(Record(0));
            outbox.Append(Record(1));
        }

        using var reopened = Open();
        reopened.Append(Record(2));

        Assert.Equal([0, 1, 2], Drain(reopened));
    }

    [Fact]
    public void RemoveFirst_ThenReopen_RemovedRecordsStayRemoved()
    {
        using (var outbox = Open())
        {
            for (var i = 0; i < 12; i++)
            {
                outbox.Append(Record(i));
            }

            outbox.RemoveFirst(7);
            outbox.RemoveFirst();
        }

        using var reopened = Open();

        Assert.Equal(4, reopened.Count);
        Assert.Equal([8, 9, 10, 11], Drain(reopened));
    }

    [Fact]
    public void RemoveFirst_AllThenReopen_IsEmptyAndAcceptsAppends()
    {
        using (var outbox = Open())
        {
            for (var i = 0; i < 9; i++)
            {
                outbox.Append(Record(i));
            }

            outbox.RemoveFirst(9);
        }

        using var reopened = Open();
        Assert.True(reopened.IsEmpty);
        Assert.Equal(0, reopened.Bytes);

        reopened.Append(Record(100));
        Assert.Equal([100], Drain(reopened));
    }

    [Fact]
    public void RemoveFirst_WhenSegmentsAreFullyConsumed_DeletesThem()
    {
        using var outbox = Open();
        for (var i = 0; i < 20; i++)
        {
            outbox.Append(Record(i));
        }

        var before = SegmentFiles();
        outbox.RemoveFirst(15);
        var after = SegmentFiles();

        Assert.True(after.Length < before.Length);
        Assert.DoesNotContain(before[0], after);
        Assert.Equal(before[^1], after[^1]);
        Assert.Equal(Enumerable.Range(15, 5), Drain(outbox));
        Assert.Single(SegmentFiles());
    }

    [Fact]
    public void PeekBatch_WithMax_ReturnsOldestWithoutRemovingThem()
    {
        using var outbox = Open();
        for (var i = 0; i < 5; i++)
        {
            outbox.Append(Record(i));
        }

        Assert.Equal([0, 1, 2], outbox.PeekBatch(3).Select(Sequence));
        Assert.Equal(5, outbox.Count);
        Assert.Empty(outbox.PeekBatch(0));
        Assert.Equal(5, outbox.PeekBatch(50).Count);
    }

    [Fact]
    public void CountAndBytes_AfterAppendAndRemove_TrackUnconsumedRecords()
    {
        using var outbox = Open();
        var payload = OutboxRecordCodec.Encode(Record(1));

        outbox.Append(payload);
        outbox.Append(payload);
        Assert.Equal(2, outbox.Count);
        Assert.Equal(2 * (payload.Length + 8L), outbox.Bytes);

        outbox.RemoveFirst();
        Assert.Equal(1, outbox.Count);
        Assert.Equal(payload.Length + 8L, outbox.Bytes);
    }

    [Fact]
    public void RemoveFirst_MoreThanCount_ThrowsAndRemovesNothing()
    {
        using var outbox = Open();
        outbox.Append(Record(0));

        Assert.Throws<ArgumentOutOfRangeException>(() => outbox.RemoveFirst(2));
        Assert.Equal(1, outbox.Count);
    }

    [Fact]
    public void Append_WhenMaxEventsReached_ThrowsOutboxFullAndWritesNothing()
    {
        using (var outbox = Open(maxEvents: 3))
        {
            for (var i = 0; i < 3; i++)
            {
                outbox.Append(Record(i));
            }

            var sizes = SegmentSizes();
            var error = Assert.Throws<OutboxFullException>(() => outbox.Append(Record(3)));

            Assert.Equal(nameof(OutboxOptions.MaxEvents), error.LimitName);
            Assert.Equal(3, error.Limit);
            Assert.Equal(3, error.Count);
            Assert.Contains("MaxEvents", error.Message, StringComparison.Ordinal);
            Assert.Equal(sizes, SegmentSizes());
            Assert.Equal(3, outbox.Count);

            // Consuming makes room again.
            outbox.RemoveFirst();
            outbox.Append(Record(3));
        }

        using var reopened = Open(maxEvents: 3);
        Assert.Equal([1, 2, 3], Drain(reopened));
    }

    [Fact]
    public void Append_WhenMaxBytesWouldBeExceeded_ThrowsOutboxFullAndWritesNothing()
    {
        var frame = OutboxRecordCodec.Encode(Record(0)).Length + 8L;
        using (var outbox = Open(maxBytes: (frame * 2) + frame - 1))
        {
            outbox.Append(Record(0));
            outbox.Append(Record(1));
            var sizes = SegmentSizes();

            var error = Assert.Throws<OutboxFullException>(() => outbox.Append(Record(2)));

            Assert.Equal(nameof(OutboxOptions.MaxBytes), error.LimitName);
            Assert.Equal(2 * frame, error.Bytes);
            Assert.Equal(frame, error.RequestedBytes);
            Assert.Equal(sizes, SegmentSizes());
            Assert.Equal(2 * frame, outbox.Bytes);
        }

        using var reopened = Open();
        Assert.Equal([0, 1], Drain(reopened));
    }

    [Fact]
    public void Open_SameDirectoryTwice_ThrowsIOExceptionUntilFirstIsDisposed()
    {
        var first = Open();

        var error = Assert.Throws<IOException>(() => Open());
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);

        first.Dispose();
        using var second = Open();
        Assert.True(second.IsEmpty);
    }

    [Fact]
    public void Append_From8ThreadsConcurrently_KeepsEveryRecordExactlyOnce()
    {
        const int Threads = 8;
        const int PerThread = 150;
        var cancellation = TestContext.Current.CancellationToken;
        using (var outbox = Open(segmentBytes: 2_000))
        {
            using var start = new Barrier(Threads);
            var errors = new List<Exception>();
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                try
                {
                    start.SignalAndWait(cancellation);
                    for (var i = 0; i < PerThread; i++)
                    {
                        outbox.Append(Record((t * 1_000) + i));
                    }
                }
                catch (Exception ex)
                {
                    lock (errors)
                    {
                        errors.Add(ex);
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Empty(errors);
            Assert.Equal(Threads * PerThread, outbox.Count);
        }

        using var reopened = Open();
        var sequences = reopened.PeekBatch(int.MaxValue).Select(Sequence).ToList();

        Assert.Equal(Threads * PerThread, sequences.Count);
        for (var t = 0; t < Threads; t++)
        {
            // Each thread's records are all there, once, in the order that thread appended them.
            var own = sequences.Where(s => s / 1_000 == t).ToList();
            Assert.Equal(Enumerable.Range(t * 1_000, PerThread), own);
        }
    }

    [Theory]
    [InlineData(nameof(OutboxOptions.MaxBytes))]
    [InlineData(nameof(OutboxOptions.MaxEvents))]
    [InlineData(nameof(OutboxOptions.SegmentBytes))]
    [InlineData(nameof(OutboxOptions.Directory))]
    public void Open_WithInvalidOption_ThrowsArgumentExceptionNamingIt(string option)
    {
        var options = new OutboxOptions { Directory = _directory };
        switch (option)
        {
            case nameof(OutboxOptions.MaxBytes):
                options.MaxBytes = 0;
                break;
            case nameof(OutboxOptions.MaxEvents):
                options.MaxEvents = -1;
                break;
            case nameof(OutboxOptions.SegmentBytes):
                options.SegmentBytes = 0;
                break;
            default:
                options.Directory = " ";
                break;
        }

        var error = Assert.Throws<ArgumentException>(() => FileOutbox.Open(options));
        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void Append_EmptyPayload_ThrowsArgumentException()
    {
        using var outbox = Open();

        Assert.Throws<ArgumentException>(() => outbox.Append(ReadOnlySpan<byte>.Empty));
        Assert.True(outbox.IsEmpty);
    }

    private FileOutbox Open(long segmentBytes = SmallSegment, int maxEvents = 100_000, long maxBytes = 64L * 1024 * 1024) =>
        FileOutbox.Open(new OutboxOptions
        {
            Directory = _directory,
            SegmentBytes = segmentBytes,
            MaxEvents = maxEvents,
            MaxBytes = maxBytes,
        });

    private string[] SegmentFiles() => [.. Directory.GetFiles(_directory, "*.seg").Order(StringComparer.Ordinal)];

    private long[] SegmentSizes() => [.. SegmentFiles().Select(f => new FileInfo(f).Length)];

    private static OutboxRecord Record(int sequence) =>
        new("fleet:test", [
            new StreamField("seq", sequence.ToString("D6", CultureInfo.InvariantCulture)),
            new StreamField("data", new byte[] { 0, 255, (byte)sequence }),
        ]);

    private static int Sequence(OutboxRecord record)
    {
        Assert.Equal("fleet:test", record.StreamKey);
        var sequence = int.Parse(record.Fields[0].Value.ToString(), CultureInfo.InvariantCulture);
        Assert.Equal(new byte[] { 0, 255, (byte)sequence }, record.Fields[1].Value.ToArray());
        return sequence;
    }

    private static List<int> Drain(FileOutbox outbox)
    {
        var sequences = new List<int>();
        while (outbox.TryPeek(out var record))
        {
            sequences.Add(Sequence(record));
            outbox.RemoveFirst();
        }

        return sequences;
    }
}
