using Fleet.Testing;

namespace Fleet.Events.Tests.Transport;

/// <content>Pub/Sub: PSUBSCRIBE patterns on the transport's subscriber connection.</content>
public sealed partial class RedisEventTransportIntegrationTests
{
    [Fact]
    public async Task SubscribeAsync_Pattern_GetsMatchingChannelsOnly()
    {
        var marker = Guid.NewGuid().ToString("N");
        var received = new List<(string Channel, string Payload)>();
        await using var subscription = await _transport.SubscribeAsync("price.updated.*", (channel, payload) =>
        {
            lock (received)
            {
                received.Add((channel, System.Text.Encoding.UTF8.GetString(payload.Span)));
            }

            return ValueTask.CompletedTask;
        }, Cancel);

        // Published in this order on one connection, so "changed" would arrive before "updated" if it matched.
        await _transport.NotifyAsync("price.changed.AAPL", Payload(marker + ":changed"), Cancel);
        Assert.True(await _transport.NotifyAsync("price.updated.AAPL", Payload(marker + ":updated"), Cancel) >= 1);

        await Eventually.TrueAsync(() => Mine(received, marker).Count == 1, "the price.updated.AAPL message arrived");
        Assert.Equal([("price.updated.AAPL", marker + ":updated")], Mine(received, marker));
    }

    [Fact]
    public async Task SubscribeAsync_HandlerThrows_LaterMessagesStillArrive()
    {
        var marker = Guid.NewGuid().ToString("N");
        var channel = $"t.{marker}.boom";
        var received = new List<(string Channel, string Payload)>();
        await using var subscription = await _transport.SubscribeAsync($"t.{marker}.*", (from, payload) =>
        {
            var text = System.Text.Encoding.UTF8.GetString(payload.Span);
            lock (received)
            {
                received.Add((from, text));
            }

            return text.EndsWith(":1", StringComparison.Ordinal) ? throw new InvalidOperationException("handler failure") : ValueTask.CompletedTask;
        }, Cancel);

        await _transport.NotifyAsync(channel, Payload(marker + ":1"), Cancel);
        await _transport.NotifyAsync(channel, Payload(marker + ":2"), Cancel);

        await Eventually.TrueAsync(() => Mine(received, marker).Count == 2, "both messages were handled");
        Assert.Equal([marker + ":1", marker + ":2"], Mine(received, marker).Select(message => message.Payload));
    }

    [Fact]
    public async Task SubscribeAsync_Disposed_StopsReceivingWhileOthersContinue()
    {
        var marker = Guid.NewGuid().ToString("N");
        var channel = $"t.{marker}.x";
        var first = new List<(string Channel, string Payload)>();
        var second = new List<(string Channel, string Payload)>();
        var subscription = await _transport.SubscribeAsync($"t.{marker}.*", Collect(first), Cancel);
        await using var other = await _transport.SubscribeAsync($"t.{marker}.?", Collect(second), Cancel);

        await _transport.NotifyAsync(channel, Payload(marker + ":before"), Cancel);
        await Eventually.TrueAsync(() => Mine(first, marker).Count == 1 && Mine(second, marker).Count == 1, "both subscriptions got the first message");
        await subscription.DisposeAsync();
        await _transport.NotifyAsync(channel, Payload(marker + ":after"), Cancel);

        await Eventually.TrueAsync(() => Mine(second, marker).Count == 2, "the remaining subscription got the second message");
        Assert.Equal([marker + ":before"], Mine(first, marker).Select(message => message.Payload));
    }

    private static ReadOnlyMemory<byte> Payload(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static Func<string, ReadOnlyMemory<byte>, ValueTask> Collect(List<(string Channel, string Payload)> into) => (channel, payload) =>
    {
        lock (into)
        {
            into.Add((channel, System.Text.Encoding.UTF8.GetString(payload.Span)));
        }

        return ValueTask.CompletedTask;
    };

    /// <summary>This test's messages only: other tests on the shared server may publish to the same channels.</summary>
    private static List<(string Channel, string Payload)> Mine(List<(string Channel, string Payload)> received, string marker)
    {
        lock (received)
        {
            return [.. received.Where(message => message.Payload.StartsWith(marker, StringComparison.Ordinal))];
        }
    }
}
