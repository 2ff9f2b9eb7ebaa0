using System.Collections.Concurrent;
using Fleet.Testing;

namespace Fleet.Redis.Tests.Commands;

public sealed class TransactionIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task ExecuteAsync_50ConcurrentCallersOnOneConnection_NoCommandLandsInsideATransaction(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var a = TestKeys.Unique() + ":a";
        var b = TestKeys.Unique() + ":b";
        const int Transactions = 25;
        const int PerTransactionCaller = 200;
        const int Incrementers = 25;
        const int PerIncrementer = 400;
        var seen = new ConcurrentBag<long>();
        var interleaved = 0;

        var transactionCallers = Enumerable.Range(0, Transactions).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < PerTransactionCaller; i++)
            {
                var tx = client.CreateTransaction();
                tx.Increment(a);
                tx.Increment(a);
                tx.Increment(b);
                var result = await tx.ExecuteAsync(Cancellation);
                var first = result[0].ToInt64();
                var second = result[1].ToInt64();
                seen.Add(first);
                seen.Add(second);
                // Another caller's INCR between the two would make the gap 2 or more.
                if (second != first + 1)
                {
                    Interlocked.Increment(ref interleaved);
                }
            }
        }, Cancellation));
        var incrementers = Enumerable.Range(0, Incrementers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < PerIncrementer; i++)
            {
                // A plain INCR sent inside someone's MULTI block would be answered QUEUED and fail to parse here.
                seen.Add(await client.IncrementAsync(a, cancellationToken: Cancellation));
            }
        }, Cancellation));
        await Task.WhenAll(transactionCallers.Concat(incrementers));

        const long Total = (2L * Transactions * PerTransactionCaller) + ((long)Incrementers * PerIncrementer);
        Assert.Equal(0, interleaved);
        Assert.Equal(Total, (long)await client.GetAsync(a, Cancellation));
        Assert.Equal(Transactions * PerTransactionCaller, (long)await client.GetAsync(b, Cancellation));
        // Every INCR reply reached its own caller: together they are exactly 1..Total.
        Assert.Equal(Enumerable.Range(1, (int)Total).Select(i => (long)i), seen.Order());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task ExecuteAsync_CommandFailsWhileRunning_ReturnsErrorForThatCommandAndRunsTheOthers(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var text = TestKeys.Unique();
        var other = TestKeys.Unique();
        await client.SetAsync(text, "not a number", cancellationToken: Cancellation);

        var tx = client.CreateTransaction();
        var increment = tx.Increment(text);
        var hashSet = tx.HashSet(text, "field", "value");
        var set = tx.Set(other, "written");
        var get = tx.Add("GET", other);
        var result = await tx.ExecuteAsync(Cancellation);

        Assert.True(result.Committed);
        Assert.Equal(4, result.Count);
        Assert.Equal(RedisResultType.Error, result[increment].Type);
        Assert.Contains("not an integer", result[increment].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(RedisResultType.Error, result[hashSet].Type);
        Assert.StartsWith("WRONGTYPE", result[hashSet].ErrorMessage, StringComparison.Ordinal);
        Assert.Throws<RedisServerException>(result[hashSet].ThrowIfError);
        Assert.Equal("OK", result[set].ToString());
        Assert.Equal("written", result[get].ToString());
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task ExecuteAsync_SyntaxErrorWhileQueuing_ThrowsExecAbortNamingTheCommandAndRunsNothing(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();

        var tx = client.CreateTransaction();
        tx.Set(key, "value");
        tx.Add("INCR"); // INCR without its key is refused while queuing
        var error = await Assert.ThrowsAsync<RedisServerException>(() => tx.ExecuteAsync(Cancellation).AsTask());

        Assert.True(error.Is("EXECABORT"));
        Assert.Contains("command 1 (INCR)", error.Message, StringComparison.Ordinal);
        Assert.False(await client.ExistsAsync(key, Cancellation));
        // The connection is still in step: the next command gets its own reply.
        Assert.Equal("PONG", await client.PingAsync(Cancellation));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task ExecuteAsync_TypedHelpers_ReturnEachReplyAtItsIndex(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        var tx = client.CreateTransaction();
        var set = tx.Set($"{key}:s", bytes, TimeSpan.FromMinutes(1));
        var get = tx.Add("GET", $"{key}:s");
        var hash = tx.HashSet($"{key}:h", "f", "v");
        var zadd = tx.SortedSetAdd($"{key}:z", "m", 1.5);
        var score = tx.Add("ZSCORE", $"{key}:z", "m");
        var expire = tx.Expire($"{key}:h", TimeSpan.FromMinutes(1));
        var delete = tx.Delete($"{key}:missing");
        var publish = tx.Publish($"{key}:channel", "hello");
        var result = await tx.ExecuteAsync(Cancellation);

        Assert.Equal(8, tx.Count);
        Assert.Equal("OK", result[set].ToString());
        Assert.Equal(bytes, result[get].Value.ToArray());
        Assert.Equal(1, result[hash].ToInt64());
        Assert.Equal(1, result[zadd].ToInt64());
        Assert.Equal(1.5, result[score].ToDouble());
        Assert.Equal(1, result[expire].ToInt64());
        Assert.Equal(0, result[delete].ToInt64());
        Assert.Equal(0, result[publish].ToInt64());
        Assert.True((await client.TimeToLiveAsync($"{key}:s", Cancellation)).HasExpiry);
    }

    [Fact]
    public async Task ExecuteAsync_CalledTwice_RunsTheCommandsAgain()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var tx = client.CreateTransaction();
        tx.Increment(key, 5);

        await tx.ExecuteAsync(Cancellation);
        var second = await tx.ExecuteAsync(Cancellation);

        Assert.Equal(10, second[0].ToInt64());
    }

    [Fact]
    public async Task ExecuteAsync_CallerStopsWaiting_LaterCommandsStillGetTheirOwnReplies()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var tx = client.CreateTransaction();
        tx.Increment(key);
        tx.Increment(key);

        // Cancelling stops the wait, not the transaction already written; its replies are still consumed in order.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tx.ExecuteAsync(new CancellationToken(canceled: true)).AsTask());

        Assert.Equal(3, await client.IncrementAsync(key, cancellationToken: Cancellation));
        Assert.Equal("PONG", await client.PingAsync(Cancellation));
    }

    [Fact]
    public async Task ExecuteAsync_NoCommands_CommitsWithNoReplies()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);

        var result = await client.CreateTransaction().ExecuteAsync(Cancellation);

        Assert.True(result.Committed);
        Assert.Empty(result.Results);
    }

    [Theory]
    [InlineData("MULTI")]
    [InlineData("exec")]
    [InlineData("Watch")]
    [InlineData("DISCARD")]
    [InlineData("select")]
    [InlineData("SUBSCRIBE")]
    public async Task Add_CommandThatBreaksTheBlock_ThrowsArgumentException(string command)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);

        Assert.Throws<ArgumentException>(() => client.CreateTransaction().Add(command));
    }

    [Fact]
    public async Task Add_BlockingCommand_IsQueuedBecauseInsideMultiItDoesNotBlock()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var transaction = client.CreateTransaction();
        transaction.Add("RPUSH", key, "job");
        var popped = transaction.Add("BLPOP", key, 0);

        var result = await transaction.ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Equal([key, "job"], result[popped].Elements.Select(e => e.ToString()));
    }

    [Fact]
    public async Task Set_NonPositiveExpiry_ThrowsBeforeQueuing()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var transaction = client.CreateTransaction();

        Assert.Throws<ArgumentOutOfRangeException>(() => transaction.Set("k", "v", TimeSpan.Zero));
        Assert.Equal(0, transaction.Count);
    }
}
