using System.Globalization;
using System.Text;
using Fleet.Events.Outbox;

namespace Fleet.Events.Tests.Outbox;

/// <summary>
/// The group commit: a real <see cref="FileOutbox"/> behind a <see cref="GatedLog"/> that can hold an fsync, so each
/// test decides what is queued while a commit runs instead of hoping for a race.
/// </summary>
public sealed class OutboxWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fleet-outbox-tests", Guid.NewGuid().ToString("N"));
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task AppendAsync_WhileItsFsyncIsHeld_ReturnsAtOnceAndCompletesOnlyAfterTheFsync()
    {
        var (log, writer) = Start();
        log.HoldNextSync();

        // Called from a thread-pool thread: it must return while the writer thread sits in the fsync.
        var appended = await Task.Factory.StartNew(
            () => writer.AppendAsync([Payload("a", 0)]), TestContext.Current.CancellationToken, TaskCreationOptions.None, TaskScheduler.Default);
        await log.SyncEntered.WaitAsync(TestContext.Current.CancellationToken);

        Assert.False(appended.IsCompleted, "the append completed before its fsync returned");
        Assert.Equal(1, log.Outbox.Count);
        log.Release();
        await appended;
        Assert.Equal(1, log.CompletedSyncs);
    }

    [Fact]
    public async Task AppendAsync_ManyConcurrentAppenders_OneFsyncPerGroupAndEachAppendersOrderKept()
    {
        const int appenders = 8;
        const int perAppender = 250;
        var (log, writer, first) = await StartHeldAsync("first");

        // Everything below is queued while the first fsync is held, from 8 threads at once.
        var appends = await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(
            () => Enumerable.Range(0, perAppender).Select(i => writer.AppendAsync([Payload($"p{a}", i)])).ToList(),
            TestContext.Current.CancellationToken)));
        Assert.All(appends.SelectMany(a => a), t => Assert.False(t.IsCompleted));
        log.Release();
        await first;
        await Task.WhenAll(appends.SelectMany(a => a));

        // 2 001 appends, 2 fsyncs: the held one, then one for everything that queued behind it.
        Assert.Equal(2, writer.Commits);
        Assert.Equal(1 + (appenders * perAppender), log.Outbox.Count);
        var records = log.Outbox.PeekBatch(10_000).Select(Decode).ToList();
        Assert.Equal(1 + (appenders * perAppender), records.Count);
        for (var a = 0; a < appenders; a++)
        {
            Assert.Equal(Enumerable.Range(0, perAppender), records.Where(r => r.Appender == $"p{a}").Select(r => r.Sequence));
        }
    }

    [Fact]
    public async Task AppendAsync_BatchWithoutRoom_FailsAloneAllOrNoneWhileTheRestOfItsGroupIsWritten()
    {
        var (log, writer, first) = await StartHeldAsync("a", maxEvents: 5);

        var fits = writer.AppendAsync([Payload("a", 1), Payload("a", 2), Payload("a", 3)]);
        var tooBig = writer.AppendAsync([Payload("b", 0), Payload("b", 1)]);
        var last = writer.AppendAsync([Payload("a", 4)]);
        log.Release();

        await Task.WhenAll(first, fits, last);
        var error = await Assert.ThrowsAsync<OutboxFullException>(() => tooBig);
        Assert.Equal(nameof(OutboxOptions.MaxEvents), error.LimitName);
        Assert.Equal(Enumerable.Range(0, 5), log.Outbox.PeekBatch(10).Select(Decode).Select(r => r.Sequence));
        Assert.Equal(2, writer.Commits);
    }

    [Fact]
    public async Task AppendAsync_Empty_CompletesAfterEveryEarlierAppendWithoutAnFsync()
    {
        var (log, writer, append) = await StartHeldAsync("a");
        var barrier = writer.AppendAsync([]);

        Assert.False(barrier.IsCompleted);
        log.Release();
        await barrier;
        Assert.True(append.IsCompletedSuccessfully);
        Assert.Equal(1, writer.Commits);
    }

    [Fact]
    public async Task Dispose_WithAppendsQueued_WritesThemThenRefusesNewOnes()
    {
        var (log, writer, first) = await StartHeldAsync("a");
        var second = writer.AppendAsync([Payload("a", 1)]);

        var disposed = Task.Run(writer.Dispose, TestContext.Current.CancellationToken);
        log.Release();
        await disposed;

        await Task.WhenAll(first, second);
        Assert.Equal(2, log.Outbox.Count);
        Assert.Throws<ObjectDisposedException>(() => { _ = writer.AppendAsync([Payload("a", 2)]); });
    }

    /// <summary>A writer whose first append (from <paramref name="appender"/>, sequence 0) sits in a held fsync.</summary>
    private async Task<(GatedLog Log, OutboxWriter Writer, Task First)> StartHeldAsync(string appender, int maxEvents = 100_000)
    {
        var (log, writer) = Start(maxEvents);
        log.HoldNextSync();
        var first = writer.AppendAsync([Payload(appender, 0)]);
        await log.SyncEntered.WaitAsync(TestContext.Current.CancellationToken);
        return (log, writer, first);
    }

    private (GatedLog Log, OutboxWriter Writer) Start(int maxEvents = 100_000)
    {
        var outbox = FileOutbox.Open(new OutboxOptions { Directory = _directory, MaxEvents = maxEvents });
        _owned.Add(outbox);
        var log = new GatedLog(outbox);
        _owned.Add(log);
        var writer = new OutboxWriter(() => log);
        _owned.Add(writer);
        return (log, writer);
    }

    private static byte[] Payload(string appender, int sequence) =>
        OutboxRecordCodec.Encode(new OutboxRecord("fleet:test", [
            new("appender", appender),
            new("seq", sequence.ToString(CultureInfo.InvariantCulture)),
        ]));

    private static (string Appender, int Sequence) Decode(OutboxRecord record) =>
        (Encoding.UTF8.GetString(record.Fields[0].Value.ToArray()), int.Parse(record.Fields[1].Value.ToString(), CultureInfo.InvariantCulture));

    /// <summary>The real outbox, with a switch that makes the next fsync wait until the test releases it.</summary>
    private sealed class GatedLog(FileOutbox outbox) : IOutboxLog, IDisposable
    {
        private readonly ManualResetEventSlim _released = new(initialState: true);
        private readonly TaskCompletionSource _syncEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _completedSyncs;

        public FileOutbox Outbox => outbox;

        public Task SyncEntered => _syncEntered.Task;

        public int CompletedSyncs => Volatile.Read(ref _completedSyncs);

        public void HoldNextSync() => _released.Reset();

        public void Release() => _released.Set();

        public void Dispose() => _released.Dispose();

        public void Write(IReadOnlyList<byte[]> payloads) => outbox.Write(payloads);

        public void Sync()
        {
            _syncEntered.TrySetResult();
            _released.Wait(TestContext.Current.CancellationToken);
            outbox.Sync();
            Interlocked.Increment(ref _completedSyncs);
        }
    }
}
