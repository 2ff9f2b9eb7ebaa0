using System.Globalization;
using Fleet.Events.RequestReply;
using Fleet.Redis;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Events.Tests.RequestReply;

public sealed class ResponseMemoryTests
{
    private const string QuoteGiven = "quote.given";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public void TryGet_RememberedEntry_FindsItByTypeAndCorrelationIdOnly()
    {
        var memory = new ResponseMemory(TimeSpan.FromSeconds(60), _time);
        var correlationId = Ulid.NewUlid();

        memory.Remember(QuoteGiven, correlationId, new RedisStreamId(5, 1));

        Assert.True(memory.TryGet(QuoteGiven, correlationId, out var entryId));
        Assert.Equal(new RedisStreamId(5, 1), entryId);
        Assert.False(memory.TryGet("order.shipped", correlationId, out _));
        Assert.False(memory.TryGet(QuoteGiven, Ulid.NewUlid(), out _));
    }

    [Fact]
    public void EvictExpired_KeysOlderThanTheLifetime_AreForgottenOthersKept()
    {
        var memory = new ResponseMemory(TimeSpan.FromSeconds(60), _time);
        var old = Ulid.NewUlid();
        var young = Ulid.NewUlid();
        memory.Remember(QuoteGiven, old, new RedisStreamId(1, 0));
        _time.Advance(TimeSpan.FromSeconds(30));
        memory.Remember(QuoteGiven, young, new RedisStreamId(2, 0));

        _time.Advance(TimeSpan.FromSeconds(31));
        memory.EvictExpired();

        Assert.False(memory.TryGet(QuoteGiven, old, out _));
        Assert.True(memory.TryGet(QuoteGiven, young, out _));
        Assert.Equal(1, memory.Count);
    }

    [Fact]
    public void Remember_BeyondCapacity_ForgetsTheOldestFirst()
    {
        var memory = new ResponseMemory(TimeSpan.FromSeconds(60), _time, capacity: 3);
        var ids = Enumerable.Range(0, 5).Select(_ => Ulid.NewUlid()).ToArray();

        for (var i = 0; i < ids.Length; i++)
        {
            memory.Remember(QuoteGiven, ids[i], new RedisStreamId((ulong)i + 1, 0));
        }

        Assert.Equal(3, memory.Count);
        Assert.False(memory.TryGet(QuoteGiven, ids[0], out _));
        Assert.False(memory.TryGet(QuoteGiven, ids[1], out _));
        Assert.All(ids[2..], id => Assert.True(memory.TryGet(QuoteGiven, id, out _)));
    }

    [Fact]
    public void EvictExpired_DuplicateSeenLater_KeepsTheYoungerEntry()
    {
        var memory = new ResponseMemory(TimeSpan.FromSeconds(60), _time);
        var correlationId = Ulid.NewUlid();
        memory.Remember(QuoteGiven, correlationId, new RedisStreamId(1, 0));
        _time.Advance(TimeSpan.FromSeconds(40));
        memory.Remember(QuoteGiven, correlationId, new RedisStreamId(2, 0));

        _time.Advance(TimeSpan.FromSeconds(30));
        memory.EvictExpired();

        Assert.True(memory.TryGet(QuoteGiven, correlationId, out var entryId));
        Assert.Equal(new RedisStreamId(2, 0), entryId);
    }

    [Fact]
    public void Remember_GrowingAndWrappingPastCapacity_KeepsExactlyTheNewest()
    {
        var memory = new ResponseMemory(TimeSpan.FromSeconds(60), _time, capacity: 1_000);
        var ids = Enumerable.Range(0, 2_500).Select(_ => Ulid.NewUlid()).ToArray();

        for (var i = 0; i < ids.Length; i++)
        {
            memory.Remember(QuoteGiven, ids[i], new RedisStreamId((ulong)i + 1, 0));
        }

        Assert.Equal(1_000, memory.Count);
        for (var i = 0; i < ids.Length; i++)
        {
            var found = memory.TryGet(QuoteGiven, ids[i], out var entryId);
            Assert.Equal(i >= 1_500, found);
            Assert.Equal(found ? new RedisStreamId((ulong)i + 1, 0) : default, entryId);
        }
    }

    [Fact]
    public void RememberAndEvict_RandomWorkload_AgreesWithASimpleModel()
    {
        const int capacity = 300;
        var memory = new ResponseMemory(TimeSpan.FromSeconds(10), _time, capacity);
        var random = new Random(1234);
        var correlationIds = Enumerable.Range(0, 400).Select(_ => Ulid.NewUlid()).ToArray();
        string[] types = [QuoteGiven, "order.shipped"];
        var model = new List<(string Type, Ulid CorrelationId, RedisStreamId EntryId, DateTimeOffset SeenAt)>();

        for (var step = 1; step <= 5_000; step++)
        {
            var type = types[random.Next(types.Length)];
            var correlationId = correlationIds[random.Next(correlationIds.Length)];
            var entryId = new RedisStreamId((ulong)step, 0);
            memory.Remember(type, correlationId, entryId);
            model.Add((type, correlationId, entryId, _time.GetUtcNow()));
            if (model.Count > capacity)
            {
                model.RemoveAt(0);
            }

            _time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 60)));
            if (step % 50 == 0)
            {
                memory.EvictExpired();
                model.RemoveAll(e => _time.GetUtcNow() - e.SeenAt > TimeSpan.FromSeconds(10));
                Assert.Equal(model.Count, memory.Count);
                foreach (var t in types)
                {
                    foreach (var id in correlationIds)
                    {
                        var expected = model.FindLast(e => e.Type == t && e.CorrelationId == id);
                        Assert.Equal(expected.Type is not null, memory.TryGet(t, id, out var found));
                        Assert.Equal(expected.EntryId, found);
                    }
                }
            }
        }
    }
}
