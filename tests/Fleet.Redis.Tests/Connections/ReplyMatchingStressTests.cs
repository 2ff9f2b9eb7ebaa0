using System.Globalization;
using Fleet.Testing;

namespace Fleet.Redis.Tests.Connections;

/// <summary>
/// Pooled replies under constant timeouts: every answer a caller gets must be its own, and no caller is told
/// its command timed out before its own timeout passed (what a stale reference to a reused reply would do).
/// Bounded for <c>make test</c>; <c>FLEET_STRESS_SECONDS</c> runs it longer (the chaos run uses minutes).
/// </summary>
public sealed class ReplyMatchingStressTests
{
    private const int Callers = 64;
    private const int DefaultSeconds = 10;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMilliseconds(20);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Echo_64CallersWhilePausesForceTimeouts_EveryReplyIsTheCallersOwn()
    {
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        // A timeout far below the pauses, so that commands time out, stay queued and get their late reply
        // dropped all the time, while others complete around them and their replies go back to the pool.
        var options = RedisClientOptions.Parse(server.Url) with { CommandTimeout = CommandTimeout };
        await using var client = await RedisClient.ConnectAsync(options, Cancel);
        await using var pauser = await RedisClient.ConnectAsync(server.Url, Cancel);
        var counts = new StressCounts();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(() => CallAsync(client, caller, counts, stop.Token), Cancel)).ToArray();
        var pauses = Task.Run(() => PauseInBurstsAsync(pauser, counts, stop.Token), Cancel);

        // Run for the configured time, but at least until timeouts and successes both happened many times.
        var until = TimeProvider.System.GetTimestamp();
        var duration = TimeSpan.FromSeconds(StressSeconds());
        while (TimeProvider.System.GetElapsedTime(until) < duration || counts.Timeouts < 200 || counts.Matched < 2000)
        {
            Assert.Equal(0, counts.Mismatched);
            Assert.Equal(0, counts.EarlyTimeouts);
            await Task.Delay(100, Cancel);
        }

        await stop.CancelAsync();
        await Task.WhenAll(callers);
        await pauses;

        // `make chaos` prints this line of its long run.
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"stress: {duration.TotalSeconds:0} s, {Callers} callers: replies matched {counts.Matched}, mismatched {counts.Mismatched}, timeouts {counts.Timeouts}, early timeouts {counts.EarlyTimeouts}, CLIENT PAUSE bursts {counts.Pauses}");
        Assert.Equal(0, counts.Mismatched);
        Assert.Equal(0, counts.EarlyTimeouts);
        Assert.True(counts.Pauses > 0);
    }

    private static int StressSeconds() =>
        int.TryParse(Environment.GetEnvironmentVariable("FLEET_STRESS_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : DefaultSeconds;

    private static async Task CallAsync(RedisClient client, int caller, StressCounts counts, CancellationToken stop)
    {
        var random = new Random(caller);
        for (var i = 0L; !stop.IsCancellationRequested; i++)
        {
            var expected = $"{caller}:{i}:{Guid.NewGuid():N}";
            // A third of the calls also carry a short cancellation, a second way for a reply to be abandoned.
            using var cancel = random.Next(3) == 0 ? new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(1, 30))) : null;
            var started = TimeProvider.System.GetTimestamp();
            try
            {
                var reply = await client.ExecuteAsync("ECHO", [expected], cancel?.Token ?? CancellationToken.None);
                counts.Record(reply.ToString() == expected);
            }
            catch (RedisTimeoutException)
            {
                // A lower bound only, which a slow machine cannot break: a real timeout comes after CommandTimeout.
                counts.Timeout(early: TimeProvider.System.GetElapsedTime(started) < CommandTimeout);
            }
            catch (OperationCanceledException) when (cancel is not null)
            {
                // Abandoned by its own token: fine, the late reply is dropped.
            }
        }
    }

    private static async Task PauseInBurstsAsync(RedisClient pauser, StressCounts counts, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await pauser.ExecuteAsync("CLIENT", "PAUSE", "60", "ALL");
            counts.Paused();
            try
            {
                await Task.Delay(Random.Shared.Next(20, 120), stop); // pacing between bursts, not a proof of anything
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed class StressCounts
    {
        private long _matched;
        private long _mismatched;
        private long _timeouts;
        private long _earlyTimeouts;
        private long _pauses;

        public long Matched => Interlocked.Read(ref _matched);

        public long Mismatched => Interlocked.Read(ref _mismatched);

        public long Timeouts => Interlocked.Read(ref _timeouts);

        public long EarlyTimeouts => Interlocked.Read(ref _earlyTimeouts);

        public long Pauses => Interlocked.Read(ref _pauses);

        public void Record(bool matched) => Interlocked.Increment(ref matched ? ref _matched : ref _mismatched);

        public void Timeout(bool early) => Interlocked.Increment(ref early ? ref _earlyTimeouts : ref _timeouts);

        public void Paused() => Interlocked.Increment(ref _pauses);
    }
}
