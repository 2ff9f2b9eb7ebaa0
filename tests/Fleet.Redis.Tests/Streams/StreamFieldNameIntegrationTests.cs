using Fleet.Testing;

namespace Fleet.Redis.Tests.Streams;

/// <summary>Field names are bytes on the wire: names that are not UTF-8 go through XADD and every read unchanged.</summary>
public sealed class StreamFieldNameIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly byte[] Invalid = [0xFF, 0xFE, (byte)'i', (byte)'d'];
    private static readonly byte[] Truncated = [(byte)'t', 0xC3];
    private static readonly byte[] Controls = [0x00, (byte)'\r', (byte)'\n', 0x80];

    private static StreamField[] Fields() =>
    [
        new(Invalid, "a"),
        new("id", "b"),
        new(Truncated, new byte[] { 0xC3 }),
        new(Controls, string.Empty),
        new(string.Empty, "empty name"),
        new("naïve-名前", "ü"),
    ];

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XAddAsync_NamesNotUtf8_XRangeReadsTheSameBytes(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;

        await client.XAddAsync(key, Fields(), cancellationToken: ct);
        await client.XAddAsync(key, Fields().AsSpan(), cancellationToken: ct);
        await client.XAddBatchAsync(key, [Fields(), Fields()], cancellationToken: ct);

        var entries = await client.XRangeAsync(key, cancellationToken: ct);
        Assert.Equal(4, entries.Count);
        Assert.All(entries, entry => AssertSameBytes(Fields(), entry.Fields));
        Assert.All(await client.XRevRangeAsync(key, cancellationToken: ct), entry => AssertSameBytes(Fields(), entry.Fields));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task XReadGroupAsync_NamesNotUtf8_NewPendingAndClaimedReadsKeepTheBytes(RedisProtocol protocol)
    {
        await using var client = await TestClients.ConnectAsync(redis.Server, protocol);
        var key = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await client.XGroupCreateAsync(key, "g", "0", makeStream: true, cancellationToken: ct);
        await client.XAddAsync(key, Fields(), cancellationToken: ct);

        var delivered = Assert.Single(await client.XReadGroupAsync("g", "c1", key, cancellationToken: ct));
        var pending = Assert.Single(await client.XReadGroupAsync("g", "c1", key, StreamPosition.Beginning, cancellationToken: ct));
        var blocked = Assert.Single(await client.XReadGroupAsync("g", "c1", key, StreamPosition.Beginning, block: TimeSpan.FromSeconds(5), cancellationToken: ct));
        var claimed = Assert.Single((await client.XAutoClaimAsync(key, "g", "c2", TimeSpan.Zero, cancellationToken: ct)).Entries);
        var read = Assert.Single(await client.XReadAsync(key, "0", cancellationToken: ct));

        foreach (var entry in new[] { delivered, pending, blocked, claimed, read })
        {
            AssertSameBytes(Fields(), entry.Fields);
        }
    }

    [Fact]
    public async Task XAddAsync_FieldsReadBack_WriteAnIdenticalEntry()
    {
        await using var client = await TestClients.ConnectAsync(redis.Server);
        var key = TestKeys.Unique();
        var copy = TestKeys.Unique();
        var ct = TestContext.Current.CancellationToken;
        await client.XAddAsync(key, Fields(), cancellationToken: ct);

        var original = Assert.Single(await client.XRangeAsync(key, cancellationToken: ct));
        await client.XAddAsync(copy, original.Fields, cancellationToken: ct);

        AssertSameBytes(original.Fields, Assert.Single(await client.XRangeAsync(copy, cancellationToken: ct)).Fields);
    }

    private static void AssertSameBytes(IReadOnlyList<StreamField> expected, IReadOnlyList<StreamField> actual)
    {
        Assert.Equal(expected.Select(f => f.NameBytes.ToArray()), actual.Select(f => f.NameBytes.ToArray()));
        Assert.Equal(expected.Select(f => f.Value.ToArray()), actual.Select(f => f.Value.ToArray()));
    }
}
