using Fleet.Contracts;
using Fleet.Events;
using Fleet.MarketMonitor.Collector;
using Fleet.MarketMonitor.Feeds;
using Fleet.MarketMonitor.Tests.Support;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.MarketMonitor.Tests.Collector;

/// <summary>The fenced checkpoint on a real redis-server, with lease values the test writes itself.</summary>
public sealed class CollectorCheckpointIntegrationTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly StreamKeys _keys = new(CollectorHost.NewPrefix());
    private RedisClient _redis = null!;
    private CollectorCheckpoint _checkpoint = null!;

    private string LeaseKey => _keys.Leader(FleetStreams.Market, TickCollector.LeaseName);

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisClient.ConnectAsync(redis.Server.Url, TestContext.Current.CancellationToken);
        _checkpoint = new CollectorCheckpoint(_redis, new ContractKeys(_keys));
    }

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task WriteAsync_WhileTheLeaseHoldsTheFence_SavesTheState()
    {
        var fence = await HoldAsync("market-1", 1);
        var state = State(40);

        await _checkpoint.WriteAsync(fence, state, TestContext.Current.CancellationToken);

        var saved = await _checkpoint.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal((state.Feed, state.Source, state.Position, 7L, 12.5m), (saved!.Feed, saved.Source, saved.Position, saved.Sequences["ACME"], saved.Prices["ACME"]));
        Assert.Equal(state.LastTimes["ACME"], saved.LastTimes["ACME"]);
    }

    [Fact]
    public async Task WriteAsync_AfterAnotherTookTheLease_IsRefusedAndLeavesTheCheckpoint()
    {
        var stale = await HoldAsync("market-1", 1);
        await _checkpoint.WriteAsync(stale, State(40), TestContext.Current.CancellationToken);
        await HoldAsync("market-2", 2);

        await Assert.ThrowsAsync<LeadershipLostException>(async () => await _checkpoint.WriteAsync(stale, State(41), TestContext.Current.CancellationToken));

        Assert.Equal(40, (await _checkpoint.ReadAsync(TestContext.Current.CancellationToken))!.Position);
    }

    [Fact]
    public async Task WriteAsync_LeaseExpired_IsRefused()
    {
        var fence = new LeaderFence(LeaseKey, "market-1/00000000000000000000000000000000/1", 1);

        await Assert.ThrowsAsync<LeadershipLostException>(async () => await _checkpoint.WriteAsync(fence, State(1), TestContext.Current.CancellationToken));

        Assert.Null(await _checkpoint.ReadAsync(TestContext.Current.CancellationToken));
    }

    private async Task<LeaderFence> HoldAsync(string instance, long token)
    {
        var fence = new LeaderFence(LeaseKey, $"{instance}/{Guid.NewGuid():N}/{token}", token);
        await _redis.SetAsync(LeaseKey, fence.Value, cancellationToken: TestContext.Current.CancellationToken);
        return fence;
    }

    private static FeedState State(long position) => new()
    {
        Feed = "random",
        Source = "seed:1",
        Position = position,
        Sequences = { ["ACME"] = 7 },
        LastTimes = { ["ACME"] = new DateTimeOffset(2026, 11, 16, 14, 30, 0, TimeSpan.Zero) },
        Prices = { ["ACME"] = 12.5m },
    };
}
