using System.Globalization;
using Fleet.Events.Outbox;
using Fleet.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Events.Tests.Outbox;

/// <summary>
/// The hand-off between direct publishing and the outbox, step by step as the replayer drives it: what is spooled,
/// what is held in memory behind the files, and when publishing is direct again.
/// </summary>
public sealed class OutboxSpoolTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fleet-outbox-tests", Guid.NewGuid().ToString("N"));
    private readonly OutboxSpool _spool;

    public OutboxSpoolTests()
    {
        var options = new FleetEventsOptions { WhenUnavailable = PublishFailureMode.Outbox };
        options.Outbox.Directory = _directory;
        _spool = new OutboxSpool(Options.Create(options), TimeProvider.System, NullLogger<OutboxSpool>.Instance);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _spool.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Route_NothingSpooled_GoesDirectAndNothingToWaitFor()
    {
        Assert.Null(_spool.Route(Publish(0)));
        Assert.Equal(0, _spool.Depth);
        await _spool.WaitUntilEmptyAsync(Cancel);
        Assert.False(Directory.Exists(_directory), "a direct publish created the outbox directory");
    }

    [Fact]
    public async Task Route_WhileDraining_HoldsInMemoryBehindTheFilesAndGoesDirectOnlyWhenBothAreEmpty()
    {
        Assert.Null(await _spool.Spool(Publish(0)));
        Assert.Null(await _spool.Route(Publish(1))!);
        var emptied = _spool.WaitUntilEmptyAsync(Cancel);
        Assert.Equal(2, _spool.Count);

        // Redis took a replayed batch: a new publish is held in memory, not written.
        _spool.BeginDraining();
        var held = Publish(2);
        var heldResult = _spool.Route(held);
        Assert.NotNull(heldResult);
        Assert.Equal(2, _spool.Count);
        Assert.Equal(3, _spool.Depth);

        // The files go first: nothing held is handed out while they hold events.
        var taken = new List<QueuedPublish>();
        Assert.False(_spool.TakeHeld(10, taken));
        Assert.Empty(taken);
        _spool.RemoveFirst(2);

        Assert.False(_spool.TakeHeld(10, taken));
        Assert.Same(held, Assert.Single(taken));
        var later = Publish(3);
        Assert.NotNull(_spool.Route(later));
        _spool.Sent(held, [new RedisStreamId(7, 0)]);
        var ids = await heldResult;
        Assert.NotNull(ids);
        Assert.Equal([new RedisStreamId(7, 0)], ids);
        Assert.False(emptied.IsCompleted, "empty while a publish was still held");

        taken.Clear();
        Assert.False(_spool.TakeHeld(10, taken));
        Assert.Same(later, Assert.Single(taken));
        _spool.Sent(later, [new RedisStreamId(8, 0)]);

        taken.Clear();
        Assert.True(_spool.TakeHeld(10, taken));
        Assert.True(_spool.IsDirect);
        await emptied;
        Assert.Null(_spool.Route(Publish(4)));
        Assert.Equal(0, _spool.Depth);
    }

    [Fact]
    public async Task ResumeSpooling_WhileDraining_SpoolsInFlightThenHeldPublishesInOrder()
    {
        Assert.Null(await _spool.Spool(Publish(0)));
        _spool.BeginDraining();
        var first = Publish(1);
        var second = Publish(2);
        var firstResult = _spool.Route(first)!;
        var secondResult = _spool.Route(second)!;
        _spool.RemoveFirst(1);
        var taken = new List<QueuedPublish>();
        Assert.False(_spool.TakeHeld(1, taken));
        Assert.Same(first, Assert.Single(taken));
        var third = _spool.Route(Publish(3))!;

        // Redis failed while the replayer was sending `first`: it goes to disk before the publishes still held.
        _spool.ResumeSpooling(taken);

        Assert.Null(await firstResult);
        Assert.Null(await secondResult);
        Assert.Null(await third);
        Assert.Null(await _spool.Route(Publish(4))!);
        Assert.Equal([1, 2, 3, 4], _spool.PeekBatch(10).Select(Sequence));
        Assert.Equal(4, _spool.Depth);
        Assert.False(_spool.IsDirect);
    }

    [Fact]
    public async Task Spool_WhileDraining_HoldsThePublishForTheReplayerInsteadOfWritingIt()
    {
        Assert.Null(await _spool.Spool(Publish(0)));
        _spool.BeginDraining();

        // A direct publish that started before the outage and failed only now: Redis is back, so it waits in memory.
        var late = _spool.Spool(Publish(1));

        Assert.False(late.IsCompleted);
        Assert.Equal(1, _spool.Count);
        Assert.Equal(2, _spool.Depth);
    }

    private static QueuedPublish Publish(int sequence) =>
        new("test", "fleet:{test}", "order.placed", [[new StreamField("seq", sequence.ToString(CultureInfo.InvariantCulture))]]);

    private static int Sequence(OutboxRecord record) => int.Parse(record.Fields[0].Value.ToString(), CultureInfo.InvariantCulture);
}
