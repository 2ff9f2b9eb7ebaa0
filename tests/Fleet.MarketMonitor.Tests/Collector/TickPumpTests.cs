using System.Diagnostics.Metrics;
using Fleet.MarketMonitor.Collector;
using Fleet.MarketMonitor.Feeds;
using Fleet.MarketMonitor.Tests.Feeds;
using Fleet.MarketMonitor.Tests.Support;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.MarketMonitor.Tests.Collector;

public sealed class TickPumpTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FeedState _state = new();
    private readonly List<(DateTimeOffset At, List<Tick> Ticks, long Position)> _flushes = [];
    private readonly SemaphoreSlim _flushed = new(0);

    [Fact]
    public async Task RunAsync_Speed60_PublishesEachMinuteAfterTheWallSecondItIsDue()
    {
        // ACME ticks at 14:30, 14:30, 14:31, 14:32: at 60× the last two are due one and two seconds after the first.
        using var csv = new TempCsv(
            "time,symbol,price,volume",
            "2026-11-16T14:30:00Z,ACME,100,1",
            "2026-11-16T14:30:00Z,ACME,101,1",
            "2026-11-16T14:31:00Z,ACME,102,1",
            "2026-11-16T14:32:00Z,ACME,103,1");
        var start = _time.GetUtcNow();
        using var cancel = new CancellationTokenSource();
        var run = Pump(new CsvTickFeed(csv.Path, false, new CsvPacing(_time, 60, TimeSpan.FromSeconds(5))), batchSize: 64).RunAsync(FlushAsync, cancel.Token);

        await NextFlushAsync();
        await NextFlushAsync(advancing: true);
        await NextFlushAsync(advancing: true);

        Assert.Equal([[100m, 101m], [102m], [103m]], _flushes.Select(f => f.Ticks.Select(t => t.Price)));
        Assert.Equal(start, _flushes[0].At);
        Assert.True(_flushes[1].At >= start.AddSeconds(1), $"second minute published at {_flushes[1].At:O}");
        Assert.True(_flushes[2].At >= start.AddSeconds(2), $"third minute published at {_flushes[2].At:O}");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task RunAsync_Unpaced_FlushesFullBatchesThenTheRestAndIdlesAtTheEnd()
    {
        using var csv = new TempCsv(CsvTickFeedTests.Rows(10));
        using var cancel = new CancellationTokenSource();
        var run = Pump(FeedReading.Unpaced(csv.Path), batchSize: 4).RunAsync(FlushAsync, cancel.Token);

        for (var i = 0; i < 3; i++)
        {
            await NextFlushAsync();
        }

        Assert.Equal([4, 4, 2], _flushes.Select(f => f.Ticks.Count));
        Assert.Equal([4L, 8L, 10L], _flushes.Select(f => f.Position));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), _flushes.SelectMany(f => f.Ticks).Select(t => t.Sequence));

        // Idle, not returned: only the cancellation ends it.
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task RunAsync_BadRows_AreCountedAndSkippedAndTheCheckpointMovesPastThem()
    {
        using var csv = new TempCsv(
            "time,symbol,price,volume",
            "2026-11-16T14:30:00Z,ACME,100,1",
            "2026-11-16T14:30:01Z,NOPE,100,1",
            "2026-11-16T14:30:02Z,ACME,-1,1",
            "2026-11-16T14:30:03Z,ACME,100,-5",
            "2026-11-16T14:29:00Z,ACME,100,1",
            "garbage",
            "2026-11-16T14:30:04Z,NOPE,100,1",
            "2026-11-16T14:30:05Z,ACME,101,1");
        var rejected = new List<(string Reason, long Count)>();
        using var listener = Listen(rejected);
        using var cancel = new CancellationTokenSource();
        var run = Pump(FeedReading.Unpaced(csv.Path), batchSize: 64).RunAsync(FlushAsync, cancel.Token);

        await NextFlushAsync();

        var flush = Assert.Single(_flushes);
        Assert.Equal([(1L, 100m), (2L, 101m)], flush.Ticks.Select(t => (t.Sequence, t.Price)));
        Assert.Equal(8, flush.Position);
        Assert.Equal(
            [(RejectReasons.BadPrice, 1), (RejectReasons.NegativeVolume, 1), (RejectReasons.TimeBackwards, 1), (RejectReasons.UnknownSymbol, 2), (RejectReasons.Unparsable, 1)],
            rejected.GroupBy(r => r.Reason).Select(g => (g.Key, g.Sum(r => r.Count))).Order());
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    public void Dispose()
    {
        _services.Dispose();
        _flushed.Dispose();
    }

    private TickPump Pump(ITickFeed feed, int batchSize)
    {
        var metrics = new CollectorMetrics(_services.GetRequiredService<IMeterFactory>());
        var rejects = new RejectTally(metrics, NullLogger<RejectTally>.Instance);
        return new TickPump(feed, new TickScreen(["ACME", "GLOBEX"]), _state, false, batchSize, _time, rejects, NullLogger.Instance);
    }

    private ValueTask FlushAsync(IReadOnlyList<Tick> batch, CancellationToken cancellationToken)
    {
        lock (_flushes)
        {
            _flushes.Add((_time.GetUtcNow(), [.. batch], _state.Position));
        }

        _flushed.Release();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Waits for the next flush; with <paramref name="advancing"/> the fake clock moves on in small steps meanwhile, so a
    /// step taken before the pump set its timer only delays the flush (its recorded time then shows it waited).
    /// </summary>
    private async Task NextFlushAsync(bool advancing = false)
    {
        var limit = DateTime.UtcNow + Eventually.DefaultLimit;
        while (!await _flushed.WaitAsync(TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken))
        {
            Assert.True(DateTime.UtcNow < limit, "no flush");
            if (advancing)
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private MeterListener Listen(List<(string Reason, long Count)> rejected)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Only this test's meter factory: other tests' collectors count on meters of the same name.
                if (instrument.Meter.Scope == _services.GetRequiredService<IMeterFactory>() && instrument.Name == "fleet.market.collector.rejected")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (rejected)
            {
                rejected.Add(((string)tags[0].Value!, value));
            }
        });
        listener.Start();
        return listener;
    }
}
