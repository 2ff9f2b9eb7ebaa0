using System.Collections.Concurrent;
using System.Text;
using Fleet.Testing;

namespace Fleet.Events.Tests.Transport;

/// <content>Pub/Sub: PUBLISH to PSUBSCRIBE patterns.</content>
public abstract partial class EventTransportContract
{
    [Fact]
    public async Task NotifyAsync_GlobPatterns_DeliverToEachMatchingSubscription()
    {
        var prefix = TestStreams.Unique();
        var received = new ConcurrentQueue<(string Pattern, string Channel, string Payload)>();
        string[] patterns = [$"{prefix}.price.*", $"{prefix}.q.?x", $"{prefix}.class.[ab]", $"{prefix}.not.[^a]", $"{prefix}.range.[0-9]", $"{prefix}.lit.\\*"];
        var subscriptions = new List<IAsyncDisposable>();
        foreach (var pattern in patterns)
        {
            subscriptions.Add(await Transport.SubscribeAsync(pattern, Collect(received, pattern), Cancel));
        }

        try
        {
            string[] matching = [$"{prefix}.price.btc.usd", $"{prefix}.q.ax", $"{prefix}.class.b", $"{prefix}.not.b", $"{prefix}.range.7", $"{prefix}.lit.*"];
            string[] notMatching = [$"{prefix}.q.abx", $"{prefix}.class.c", $"{prefix}.not.a", $"{prefix}.range.x", $"{prefix}.lit.x", $"{prefix}.pricex.btc"];
            foreach (var channel in matching)
            {
                Assert.Equal(1, await Transport.NotifyAsync(channel, Encoding.UTF8.GetBytes("to " + channel), Cancel));
            }

            foreach (var channel in notMatching)
            {
                Assert.Equal(0, await Transport.NotifyAsync(channel, Encoding.UTF8.GetBytes("to " + channel), Cancel));
            }

            await Eventually.TrueAsync(() => received.Count >= matching.Length, "every matching channel was delivered");
            var expected = patterns.Zip(matching, (pattern, channel) => (pattern, channel, "to " + channel)).OrderBy(item => item.pattern, StringComparer.Ordinal);
            Assert.Equal(expected, received.OrderBy(item => item.Pattern, StringComparer.Ordinal));
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                await subscription.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task NotifyAsync_TwoMatchingPatterns_CountsAndDeliversToBoth()
    {
        var prefix = TestStreams.Unique();
        var received = new ConcurrentQueue<(string Pattern, string Channel, string Payload)>();
        await using var all = await Transport.SubscribeAsync($"{prefix}.*", Collect(received, "all"), Cancel);
        await using var one = await Transport.SubscribeAsync($"{prefix}.orders.*", Collect(received, "orders"), Cancel);

        Assert.Equal(2, await Transport.NotifyAsync($"{prefix}.orders.1", "x"u8.ToArray(), Cancel));
        Assert.Equal(1, await Transport.NotifyAsync($"{prefix}.quotes.1", "y"u8.ToArray(), Cancel));

        await Eventually.TrueAsync(() => received.Count >= 3, "three deliveries");
        Assert.Equal(
            [("all", $"{prefix}.orders.1", "x"), ("all", $"{prefix}.quotes.1", "y"), ("orders", $"{prefix}.orders.1", "x")],
            received.OrderBy(item => item.Pattern, StringComparer.Ordinal).ThenBy(item => item.Channel, StringComparer.Ordinal));
    }

    [Fact]
    public async Task NotifyAsync_ManyMessages_DeliveredInPublishOrder()
    {
        var prefix = TestStreams.Unique();
        var received = new ConcurrentQueue<(string Pattern, string Channel, string Payload)>();
        await using var subscription = await Transport.SubscribeAsync($"{prefix}.*", Collect(received, "p"), Cancel);

        for (var i = 0; i < 50; i++)
        {
            await Transport.NotifyAsync($"{prefix}.c", Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Cancel);
        }

        await Eventually.TrueAsync(() => received.Count >= 50, "fifty deliveries");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), received.Select(item => item.Payload));
    }

    [Fact]
    public async Task SubscribeAsync_Disposed_StopsDelivery()
    {
        var prefix = TestStreams.Unique();
        var received = new ConcurrentQueue<(string Pattern, string Channel, string Payload)>();
        var subscription = await Transport.SubscribeAsync($"{prefix}.*", Collect(received, "p"), Cancel);
        Assert.Equal(1, await Transport.NotifyAsync($"{prefix}.a", "1"u8.ToArray(), Cancel));
        await Eventually.TrueAsync(() => received.Count == 1, "the first delivery");

        await subscription.DisposeAsync();

        // The handler gets nothing more at once; the server may take a moment to drop the subscription (Redis' transport
        // sends PUNSUBSCRIBE without waiting), and what it still sends meanwhile is not delivered.
        await Eventually.TrueAsync(
            async () => await Transport.NotifyAsync($"{prefix}.a", "2"u8.ToArray(), Cancel) == 0, "no subscriber left for the pattern");
        Assert.Equal(["1"], received.Select(item => item.Payload));
    }

    private static Func<string, ReadOnlyMemory<byte>, ValueTask> Collect(ConcurrentQueue<(string Pattern, string Channel, string Payload)> received, string pattern) =>
        (channel, payload) =>
        {
            received.Enqueue((pattern, channel, Encoding.UTF8.GetString(payload.Span)));
            return ValueTask.CompletedTask;
        };
}
