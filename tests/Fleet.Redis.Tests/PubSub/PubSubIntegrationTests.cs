using Fleet.Testing;

namespace Fleet.Redis.Tests.PubSub;

public sealed class PubSubIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Subscribe_MessagePublished_ArrivesOnAsyncStream(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        await using var subscriber = await client.CreateSubscriberAsync(Cancel);
        var channel = TestKeys.Unique();
        await using var subscription = await subscriber.SubscribeAsync(channel, Cancel);

        var receivers = await client.ExecuteAsync("PUBLISH", channel, new byte[] { 1, 0, 255 });

        Assert.Equal(1, receivers.ToInt64());
        await foreach (var message in subscription.ReadAllAsync(Cancel))
        {
            Assert.Equal(channel, message.Channel);
            Assert.Equal(new byte[] { 1, 0, 255 }, message.Message.ToArray());
            Assert.Null(message.Pattern);
            break;
        }
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task PatternSubscribe_PriceUpdatedPerSymbol_ReceivesEverySymbol(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        await using var subscriber = await client.CreateSubscriberAsync(Cancel);
        var prefix = TestKeys.Unique() + ":price.updated.";
        await using var subscription = await subscriber.PatternSubscribeAsync(prefix + "*", Cancel);

        await client.ExecuteAsync("PUBLISH", prefix + "ACME", "1");
        await client.ExecuteAsync("PUBLISH", prefix + "INIT", "2");
        await client.ExecuteAsync("PUBLISH", "unrelated", "3");

        var first = await subscription.Reader.ReadAsync(Cancel);
        var second = await subscription.Reader.ReadAsync(Cancel);
        Assert.Equal([prefix + "ACME", prefix + "INIT"], new[] { first.Channel, second.Channel });
        Assert.Equal(prefix + "*", first.Pattern);
        Assert.Equal("2", second.Message.ToString());
    }

    [Fact]
    public async Task Subscribe_WithHandler_GetsMessagesInOrderAndSurvivesHandlerError()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        await using var subscriber = await client.CreateSubscriberAsync(Cancel);
        var channel = TestKeys.Unique();
        var received = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlerErrors = 0;
        subscriber.HandlerFailed += (_, _) => Interlocked.Increment(ref handlerErrors);
        await using var subscription = await subscriber.SubscribeAsync(channel, (message, _) =>
        {
            var text = message.Message.ToString();
            if (text == "boom")
            {
                throw new InvalidOperationException("handler failed");
            }

            received.Add(text);
            if (received.Count == 3)
            {
                done.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }, Cancel);

        foreach (var text in new[] { "a", "boom", "b", "c" })
        {
            await client.ExecuteAsync("PUBLISH", channel, text);
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancel);
        Assert.Equal(["a", "b", "c"], received);
        Assert.Equal(1, handlerErrors);
    }

    [Fact]
    public async Task Dispose_LastSubscription_UnsubscribesOnServer()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        await using var subscriber = await client.CreateSubscriberAsync(Cancel);
        var channel = TestKeys.Unique();
        var first = await subscriber.SubscribeAsync(channel, Cancel);
        var second = await subscriber.SubscribeAsync(channel, Cancel);

        await first.DisposeAsync();
        Assert.Equal(1, (await client.ExecuteAsync("PUBSUB", "NUMSUB", channel))[1].ToInt64());
        await second.DisposeAsync();

        await Eventually.UntilAsync(async () => (await client.ExecuteAsync("PUBSUB", "NUMSUB", channel))[1].ToInt64(), subscribers => subscribers == 0, "the server has no subscriber on the channel");
    }

    [Fact]
    public async Task Subscribe_BufferFull_DropsNewMessagesAndCountsThem()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        await using var small = await RedisSubscriber.ConnectAsync(RedisClientOptions.Parse(redis.Server.Url) with { SubscriptionBufferCapacity = 2 }, Cancel);
        var channel = TestKeys.Unique();
        await using var subscription = await small.SubscribeAsync(channel, Cancel);

        for (var i = 0; i < 5; i++)
        {
            await client.ExecuteAsync("PUBLISH", channel, i);
        }

        await Eventually.UntilAsync(() => Task.FromResult(subscription.DroppedCount), dropped => dropped == 3, "three messages were dropped");
        Assert.Equal("0", (await subscription.Reader.ReadAsync(Cancel)).Message.ToString());
        Assert.Equal("1", (await subscription.Reader.ReadAsync(Cancel)).Message.ToString());
    }
}
