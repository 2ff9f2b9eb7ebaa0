using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Events.Tests.Transport;

/// <content>The leader lease: acquire, renew and release only while the value is ours, and fenced appends.</content>
public abstract partial class EventTransportContract
{
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task TryAcquireLeaseAsync_FreeThenHeld_SetsPrefixPlusTokenAndRefusesASecondHolder()
    {
        var (lease, fence) = LeaseKeys();

        var token = await Transport.TryAcquireLeaseAsync(lease, fence, "a/1/", LongLease, Cancel);
        var second = await Transport.TryAcquireLeaseAsync(lease, fence, "b/2/", LongLease, Cancel);

        Assert.Equal(1, token);
        Assert.Null(second);
        Assert.Equal("a/1/1", await StringAsync(lease));
        Assert.Equal("1", await StringAsync(fence)); // a refused campaign spends no token
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_EachNewHolder_GetsALargerToken()
    {
        var (lease, fence) = LeaseKeys();
        var tokens = new List<long>();

        for (var holder = 0; holder < 3; holder++)
        {
            var prefix = $"h{holder}/x/";
            var token = await Transport.TryAcquireLeaseAsync(lease, fence, prefix, LongLease, Cancel);
            tokens.Add(Assert.NotNull(token));
            Assert.True(await Transport.ReleaseLeaseAsync(lease, prefix + token, Cancel));
        }

        Assert.Equal([1, 2, 3], tokens);
    }

    [Fact]
    public async Task RenewLeaseAsync_OursOrNot_SetsOurTimeToLiveAndKeepsTheValue()
    {
        var (lease, fence) = LeaseKeys();
        var token = await Transport.TryAcquireLeaseAsync(lease, fence, "a/1/", LongLease, Cancel);
        var value = "a/1/" + token;

        Assert.False(await Transport.RenewLeaseAsync(lease, "b/2/1", TimeSpan.FromMilliseconds(100), Cancel));
        Assert.Equal(value, await StringAsync(lease));
        Assert.True(await Transport.RenewLeaseAsync(lease, value, TimeSpan.FromMilliseconds(100), Cancel));
        Assert.Equal(value, await StringAsync(lease));

        // The renewal set the new time to live (PEXPIRE): the minute-long lease now expires within 100 ms.
        await Eventually.TrueAsync(async () => await StringAsync(lease) is null, "the renewed lease expired", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RenewLeaseAsync_AfterExpiry_IsRefused()
    {
        var (lease, fence) = LeaseKeys();
        var token = await Transport.TryAcquireLeaseAsync(lease, fence, "a/1/", TimeSpan.FromMilliseconds(100), Cancel);
        await Eventually.TrueAsync(async () => await StringAsync(lease) is null, "the lease expired", TimeSpan.FromSeconds(10));

        Assert.False(await Transport.RenewLeaseAsync(lease, "a/1/" + token, LongLease, Cancel));
        Assert.Null(await StringAsync(lease)); // not set again: a lapsed lease is lost, not resurrected
    }

    [Fact]
    public async Task ReleaseLeaseAsync_AnotherHoldersValue_LeavesTheLease()
    {
        var (lease, fence) = LeaseKeys();
        var token = await Transport.TryAcquireLeaseAsync(lease, fence, "a/1/", LongLease, Cancel);

        Assert.False(await Transport.ReleaseLeaseAsync(lease, "a/1/" + (token + 1), Cancel));
        Assert.Equal("a/1/" + token, await StringAsync(lease));
    }

    [Fact]
    public async Task AppendFencedAsync_WhileHeld_AppendsInOrderWithTheTrim()
    {
        var stream = NewStream();
        var (lease, fence) = LeaseKeys(stream);
        var token = await Transport.TryAcquireLeaseAsync(lease, fence, "a/1/", LongLease, Cancel);

        var ids = await Transport.AppendFencedAsync(stream, [Fields("a"), Fields("b"), Fields("c")], StreamTrim.MaxLength(2), lease, "a/1/" + token, Cancel);

        Assert.NotNull(ids);
        Assert.Equal(3, ids.Length);
        var entries = await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel);
        Assert.Equal(["b", "c"], entries.Select(ValueOf));
        Assert.Equal(ids[1..], entries.Select(entry => entry.Id));
    }

    [Fact]
    public async Task AppendFencedAsync_AfterAnotherHolderTookTheLease_WritesNothing()
    {
        var stream = NewStream();
        var (lease, fence) = LeaseKeys(stream);
        var first = await Transport.TryAcquireLeaseAsync(lease, fence, "a/1/", LongLease, Cancel);
        await DeleteKeyAsync(lease); // expired, say
        var second = await Transport.TryAcquireLeaseAsync(lease, fence, "b/2/", LongLease, Cancel);

        var refused = await Transport.AppendFencedAsync(stream, [Fields("old")], trim: null, lease, "a/1/" + first, Cancel);
        var accepted = await Transport.AppendFencedAsync(stream, [Fields("new")], trim: null, lease, "b/2/" + second, Cancel);

        Assert.Null(refused);
        Assert.NotNull(accepted);
        var entry = Assert.Single(await Transport.ReadAsync(stream, RedisStreamId.Zero, 10, block: null, Cancel));
        Assert.Equal("new", ValueOf(entry));
    }

    private static (string Lease, string Fence) LeaseKeys(string? streamKey = null)
    {
        var stream = StreamKeys.NameOf(streamKey ?? NewStream(nameof(LeaseKeys)));
        return (Keys.Leader(stream, "leader"), Keys.LeaderFenceCounter(stream, "leader"));
    }
}
