using System.Collections.Concurrent;
using Fleet.Events.Tests.Behaviour;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Events.Tests.Notifications;

/// <summary>Pub/Sub notifications on every transport: pattern matching, typed data, unsubscribing, malformed messages.</summary>
public abstract class NotificationsBehaviour(RedisServerFixture redis) : BehaviourTestBase(redis)
{
    [Fact]
    public async Task SubscribeAsync_Pattern_ReceivesMatchingChannelsWithTypedDataOnly()
    {
        // Channels are server-wide, so each test puts its own prefix before the pattern.
        var prefix = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var received = new ConcurrentQueue<(string Channel, QuoteGiven Data)>();
        await using var subscription = await Notifications(host).SubscribeAsync<QuoteGiven>(
            $"{prefix}.price.updated.*",
            (channel, data) =>
            {
                received.Enqueue((channel, data));
                return ValueTask.CompletedTask;
            },
            Cancel);

        var changedReceivers = await Notifications(host).NotifyAsync($"{prefix}.price.changed.aapl", new QuoteGiven("AAPL", 1.5m), Cancel);
        var updatedReceivers = await Notifications(host).NotifyAsync($"{prefix}.price.updated.aapl", new QuoteGiven("AAPL", 187.25m), Cancel);

        Assert.Equal(0, changedReceivers);
        Assert.Equal(1, updatedReceivers);
        await Eventually.TrueAsync(() => !received.IsEmpty, "the matching notification arrived");
        var (channel, data) = Assert.Single(received);
        Assert.Equal($"{prefix}.price.updated.aapl", channel);
        Assert.Equal(new QuoteGiven("AAPL", 187.25m), data);
    }

    [Fact]
    public async Task SubscribeAsync_AfterDispose_ReceivesNothingMore()
    {
        var prefix = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var received = new ConcurrentQueue<QuoteGiven>();
        var subscription = await Notifications(host).SubscribeAsync<QuoteGiven>(
            $"{prefix}.price.updated.*",
            (_, data) =>
            {
                received.Enqueue(data);
                return ValueTask.CompletedTask;
            },
            Cancel);
        await Notifications(host).NotifyAsync($"{prefix}.price.updated.msft", new QuoteGiven("MSFT", 1m), Cancel);
        await Eventually.TrueAsync(() => received.Count == 1, "the first notification arrived");

        await subscription.DisposeAsync();
        var receivers = await Notifications(host).NotifyAsync($"{prefix}.price.updated.msft", new QuoteGiven("MSFT", 2m), Cancel);

        // A later subscription on the same pattern gets a later notification; the disposed one got neither.
        var later = new ConcurrentQueue<QuoteGiven>();
        await using var second = await Notifications(host).SubscribeAsync<QuoteGiven>(
            $"{prefix}.price.updated.*",
            (_, data) =>
            {
                later.Enqueue(data);
                return ValueTask.CompletedTask;
            },
            Cancel);
        await Notifications(host).NotifyAsync($"{prefix}.price.updated.msft", new QuoteGiven("MSFT", 3m), Cancel);
        await Eventually.TrueAsync(() => !later.IsEmpty, "the later subscription got its notification");

        Assert.Equal(0, receivers);
        Assert.Equal([new QuoteGiven("MSFT", 1m)], received);
        Assert.Equal([new QuoteGiven("MSFT", 3m)], later);
    }

    [Fact]
    public async Task SubscribeAsync_MalformedPayloads_AreSkippedAndLaterMessagesArrive()
    {
        var prefix = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var received = new ConcurrentQueue<QuoteGiven>();
        await using var subscription = await Notifications(host).SubscribeAsync<QuoteGiven>(
            $"{prefix}.price.updated.*",
            (_, data) =>
            {
                received.Enqueue(data);
                return ValueTask.CompletedTask;
            },
            Cancel);
        var channel = $"{prefix}.price.updated.aapl";

        // Not JSON, JSON of the wrong shape, JSON that breaks the contract's [Required], then a good one.
        await TransportOf(host).NotifyAsync(channel, "not json"u8.ToArray(), Cancel);
        await TransportOf(host).NotifyAsync(channel, "[1,2]"u8.ToArray(), Cancel);
        await TransportOf(host).NotifyAsync(channel, "{\"symbol\":null,\"price\":1}"u8.ToArray(), Cancel);
        await Notifications(host).NotifyAsync(channel, new QuoteGiven("AAPL", 2m), Cancel);

        await Eventually.TrueAsync(() => !received.IsEmpty, "the valid notification arrived");
        Assert.Equal([new QuoteGiven("AAPL", 2m)], received);
    }

    [Fact]
    public async Task SubscribeAsync_HandlerThrows_SubscriptionCarriesOn()
    {
        var prefix = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var received = new ConcurrentQueue<QuoteGiven>();
        await using var subscription = await Notifications(host).SubscribeAsync<QuoteGiven>(
            $"{prefix}.price.updated.*",
            (_, data) =>
            {
                received.Enqueue(data);
                return data.Price < 0 ? throw new InvalidOperationException("handler failed") : ValueTask.CompletedTask;
            },
            Cancel);

        await Notifications(host).NotifyAsync($"{prefix}.price.updated.aapl", new QuoteGiven("AAPL", -1m), Cancel);
        await Notifications(host).NotifyAsync($"{prefix}.price.updated.aapl", new QuoteGiven("AAPL", 3m), Cancel);

        await Eventually.TrueAsync(() => received.Count == 2, "both notifications reached the handler");
        Assert.Equal([new QuoteGiven("AAPL", -1m), new QuoteGiven("AAPL", 3m)], received);
    }

    [Fact]
    public async Task NotifyAsync_InvalidEvent_ThrowsBeforeSending()
    {
        var prefix = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });

        var error = await Assert.ThrowsAsync<EventValidationException>(
            () => Notifications(host).NotifyAsync($"{prefix}.price.updated.aapl", new QuoteGiven(null!, 1m), Cancel).AsTask());

        Assert.Contains("Symbol", error.Message, StringComparison.Ordinal);
    }

    private static IEventNotifications Notifications(IHost host) => host.Services.GetRequiredService<IEventNotifications>();
}

public sealed class InMemoryNotificationsBehaviourTests(RedisServerFixture redis) : NotificationsBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisNotificationsBehaviourTests(RedisServerFixture redis) : NotificationsBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
