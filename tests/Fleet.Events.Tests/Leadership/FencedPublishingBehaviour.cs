using System.Text.Json;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;
using Microsoft.Extensions.Hosting;

namespace Fleet.Events.Tests.LeaderLease;

/// <summary>Fenced publishing (<see cref="PublishOptions.Fence"/>) on every transport: written while the lease is ours, refused with nothing written after.</summary>
public abstract class FencedPublishingBehaviour(RedisServerFixture redis) : BehaviourTestBase(redis)
{
    [Fact]
    public async Task PublishAsync_FenceHeld_AppendsWithTheFencingTokenInTheMetadata()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var fence = await AcquireAsync(host, stream, "holder/1/");

        var result = await Publisher(host).PublishAsync(
            stream,
            new OrderPlaced("o-1", 1),
            new PublishOptions { Fence = fence, Metadata = new Dictionary<string, string> { ["source"] = "test" } },
            Cancel);

        var entry = Assert.Single(await ReadAllAsync(host, Keys.Stream(stream)));
        Assert.Equal(result.EntryId, entry.Id);
        var envelope = EnvelopeCodec.Decode(entry.Fields);
        Assert.Equal(fence.Token.ToString(System.Globalization.CultureInfo.InvariantCulture), envelope.Metadata!["fencing_token"]);
        Assert.Equal("test", envelope.Metadata["source"]);
        Assert.Equal(new OrderPlaced("o-1", 1), JsonSerializer.Deserialize(envelope.Data.Span, TestEventsJsonContext.Default.OrderPlaced));
    }

    [Fact]
    public async Task PublishBatchAsync_FenceHeld_AppendsEveryEventInOrderWithTheStreamsRetention()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { }, o => o.Retention[stream] = StreamRetention.MaxLength(100));
        var fence = await AcquireAsync(host, stream, "holder/1/");
        var results = new List<PublishResult>();

        for (var batch = 0; batch < 10; batch++)
        {
            var events = Enumerable.Range(batch * 100, 100).Select(i => new OrderPlaced($"o-{i}", 1)).ToList();
            results.AddRange(await Publisher(host).PublishBatchAsync(stream, events, new PublishOptions { Fence = fence }, Cancel));
        }

        Assert.Equal(1000, results.Count);
        Assert.True(results.Zip(results.Skip(1)).All(pair => pair.First.EntryId < pair.Second.EntryId), "entry ids follow the batch order");
        // MAXLEN ~ trims whole radix-tree nodes only, so the stream keeps at least 100 and usually some more.
        var entries = await ReadAllAsync(host, Keys.Stream(stream));
        Assert.InRange(entries.Count, 100, 999);
        Assert.Equal(results[^1].EntryId, entries[^1].Id);
        Assert.All(entries, e => Assert.Equal(fence.Token.ToString(System.Globalization.CultureInfo.InvariantCulture), EnvelopeCodec.Decode(e.Fields).Metadata!["fencing_token"]));
    }

    [Fact]
    public async Task PublishAsync_AnotherHolderTookTheLease_ThrowsLeadershipLostAndWritesNothing()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var old = await AcquireAsync(host, stream, "old/1/");
        await Publisher(host).PublishAsync(stream, new OrderPlaced("before", 1), new PublishOptions { Fence = old }, Cancel);
        Assert.True(await TransportOf(host).ReleaseLeaseAsync(old.LeaseKey, old.Value, Cancel)); // expired, say
        var successor = await AcquireAsync(host, stream, "new/2/");

        var single = await Assert.ThrowsAsync<LeadershipLostException>(
            () => Publisher(host).PublishAsync(stream, new OrderPlaced("late", 1), new PublishOptions { Fence = old }, Cancel).AsTask());
        var batch = await Assert.ThrowsAsync<LeadershipLostException>(
            () => Publisher(host).PublishBatchAsync(stream, [new OrderPlaced("late-1", 1), new OrderPlaced("late-2", 1)], new PublishOptions { Fence = old }, Cancel).AsTask());

        Assert.Equal(old, single.Fence);
        Assert.Equal(old, batch.Fence);
        Assert.Contains(old.LeaseKey, single.Message, StringComparison.Ordinal);
        var entry = Assert.Single(await ReadAllAsync(host, Keys.Stream(stream)));
        Assert.Equal(old.Token.ToString(System.Globalization.CultureInfo.InvariantCulture), EnvelopeCodec.Decode(entry.Fields).Metadata!["fencing_token"]);
        Assert.True(successor.Token > old.Token);
    }

    [Fact]
    public async Task PublishAsync_FenceOnAnotherStream_ThrowsArgumentExceptionAndWritesNothing()
    {
        var stream = TestStreams.Unique();
        var other = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var fence = await AcquireAsync(host, other, "holder/1/");

        var single = await Assert.ThrowsAsync<ArgumentException>(
            () => Publisher(host).PublishAsync(stream, new OrderPlaced("o", 1), new PublishOptions { Fence = fence }, Cancel).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(
            () => Publisher(host).PublishBatchAsync(stream, [new OrderPlaced("o", 1)], new PublishOptions { Fence = fence }, Cancel).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(
            () => Publisher(host).PublishAsync(stream, new OrderPlaced("o", 1), new PublishOptions { Fence = fence with { LeaseKey = "leader:" + stream } }, Cancel).AsTask());

        Assert.Contains("hash tag", single.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAllAsync(host, Keys.Stream(stream)));
    }

    [Fact]
    public async Task ScheduleAsync_Fenced_ThrowsArgumentException()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var fence = await AcquireAsync(host, stream, "holder/1/");

        await Assert.ThrowsAsync<ArgumentException>(
            () => Publisher(host).ScheduleAsync(stream, new OrderPlaced("o", 1), DateTimeOffset.UtcNow.AddMinutes(1), new PublishOptions { Fence = fence }, Cancel).AsTask());
    }

    /// <summary>Takes the lease <c>leader</c> on <paramref name="stream"/> as another process would.</summary>
    private async Task<LeaderFence> AcquireAsync(IHost host, string stream, string prefix)
    {
        var key = Keys.Leader(stream, "leader");
        var token = await TransportOf(host).TryAcquireLeaseAsync(key, Keys.LeaderFenceCounter(stream, "leader"), prefix, TimeSpan.FromMinutes(1), Cancel);
        Assert.NotNull(token);
        return new LeaderFence(key, prefix + token, token.Value);
    }

}

public sealed class InMemoryFencedPublishingBehaviourTests(RedisServerFixture redis) : FencedPublishingBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisFencedPublishingBehaviourTests(RedisServerFixture redis) : FencedPublishingBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
