using Fleet.Events.RequestReply;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Events.Tests.RequestReply;

public sealed class ResponseMemoryTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void TryGet_RememberedEvent_FindsItByTypeAndCorrelationIdOnly()
    {
        var memory = new ResponseMemory(TimeSpan.FromSeconds(60), _time);
        var correlationId = Ulid.NewUlid();
        var envelope = Envelope("quote.given");

        memory.Remember(envelope, correlationId);

        Assert.True(memory.TryGet("quote.given", correlationId, out var found));
        Assert.Same(envelope, found);
        Assert.False(memory.TryGet("order.shipped", correlationId, out _));
        Assert.False(memory.TryGet("quote.given", Ulid.NewUlid(), out _));
    }

    [Fact]
    public void EvictExpired_EventsOlderThanTheLifetime_AreForgottenOthersKept()
    {
        var memory = new ResponseMemory(TimeSpan.FromSeconds(60), _time);
        var old = Ulid.NewUlid();
        var young = Ulid.NewUlid();
        memory.Remember(Envelope("quote.given"), old);
        _time.Advance(TimeSpan.FromSeconds(30));
        memory.Remember(Envelope("quote.given"), young);

        _time.Advance(TimeSpan.FromSeconds(31));
        memory.EvictExpired();

        Assert.False(memory.TryGet("quote.given", old, out _));
        Assert.True(memory.TryGet("quote.given", young, out _));
        Assert.Equal(1, memory.Count);
    }

    [Fact]
    public void Remember_BeyondCapacity_ForgetsTheOldestFirst()
    {
        var memory = new ResponseMemory(TimeSpan.FromSeconds(60), _time, capacity: 3);
        var ids = Enumerable.Range(0, 5).Select(_ => Ulid.NewUlid()).ToArray();

        foreach (var id in ids)
        {
            memory.Remember(Envelope("quote.given"), id);
        }

        Assert.Equal(3, memory.Count);
        Assert.False(memory.TryGet("quote.given", ids[0], out _));
        Assert.False(memory.TryGet("quote.given", ids[1], out _));
        Assert.All(ids[2..], id => Assert.True(memory.TryGet("quote.given", id, out _)));
    }

    [Fact]
    public void EvictExpired_DuplicateSeenLater_KeepsTheYoungerCopy()
    {
        var memory = new ResponseMemory(TimeSpan.FromSeconds(60), _time);
        var correlationId = Ulid.NewUlid();
        memory.Remember(Envelope("quote.given"), correlationId);
        _time.Advance(TimeSpan.FromSeconds(40));
        var younger = Envelope("quote.given");
        memory.Remember(younger, correlationId);

        _time.Advance(TimeSpan.FromSeconds(30));
        memory.EvictExpired();

        Assert.True(memory.TryGet("quote.given", correlationId, out var found));
        Assert.Same(younger, found);
    }

    private static EventEnvelope Envelope(string type) => new()
    {
        Id = Ulid.NewUlid(),
        Type = type,
        Version = 1,
        Timestamp = DateTimeOffset.UnixEpoch,
        Data = "{}"u8.ToArray(),
    };
}
