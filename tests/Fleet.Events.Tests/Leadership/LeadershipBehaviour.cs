using Fleet.Events.Tests.Behaviour;
using Fleet.Events.Tests.Consumers;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Events.Tests.LeaderLease;

/// <summary>
/// Leader work (<see cref="FleetEventsBuilder.AddLeaderWork{TWork}"/>) on every transport: one leader at a time, takeover,
/// loss on a refused renewal, failing work. Real short lease times: the hosts share a transport as processes share Redis.
/// </summary>
public abstract class LeadershipBehaviour(RedisServerFixture redis) : BehaviourTestBase(redis)
{
    private const string Lease = "leader";
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RenewInterval = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task AddLeaderWork_OneHost_RunsTheWorkUnderALeaseHoldingItsInstanceName()
    {
        var stream = TestStreams.Unique();
        using var metrics = new MetricCollector(stream);
        var work = new RecordingWork();
        await StartLeaderAsync(stream, work, "solo");

        var term = await work.NextTermAsync();

        Assert.True(term.Leadership.IsHeld);
        Assert.Equal(Lease, term.Leadership.Name);
        Assert.Equal(Keys.Leader(stream, Lease), term.Leadership.Fence.LeaseKey);
        Assert.Equal("fleet:{" + stream + "}:leader:leader", term.Leadership.Fence.LeaseKey);
        Assert.Matches($"^solo/[0-9a-f]{{32}}/{term.Leadership.FencingToken}$", term.Leadership.Fence.Value);
        Assert.Equal(term.Leadership.Fence.Value, await LeaseValueAsync(term.Leadership.Fence.LeaseKey));
        Assert.Equal(1, metrics.Value("fleet.leadership.held"));
    }

    [Fact]
    public async Task AddLeaderWork_TwoHosts_TheSecondLeadsOnlyAfterTheFirstStoppedAndWithALargerToken()
    {
        var stream = TestStreams.Unique();
        var first = new RecordingWork();
        LeaderTerm? firstTerm = null;
        // Set by the second term's body, which runs after the term is announced to NextTermAsync: awaited, not read.
        var firstReturnedWhenSecondBegan = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new RecordingWork
        {
            Body = async (term, cancellationToken) =>
            {
                firstReturnedWhenSecondBegan.TrySetResult(firstTerm?.Returned.Task.IsCompleted ?? false);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            },
        };
        var firstHost = await StartLeaderAsync(stream, first, "first");
        firstTerm = await first.NextTermAsync();
        await StartLeaderAsync(stream, second, "second");

        await firstHost.StopAsync(Cancel);
        var secondTerm = await second.NextTermAsync();

        Assert.True(await firstReturnedWhenSecondBegan.Task.WaitAsync(TimeSpan.FromSeconds(60), Cancel), "the second host began before the first one's work returned");
        Assert.False(firstTerm.Leadership.IsHeld);
        Assert.True(secondTerm.Leadership.FencingToken > firstTerm.Leadership.FencingToken);
        Assert.StartsWith("second/", await LeaseValueAsync(secondTerm.Leadership.Fence.LeaseKey), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renewal_AnotherHolderTookTheLease_CancelsTheWorkThenCampaignsAgain()
    {
        var stream = TestStreams.Unique();
        var work = new RecordingWork();
        var host = await StartLeaderAsync(stream, work, "victim");
        var term = await work.NextTermAsync();
        var fence = term.Leadership.Fence;

        // What another process does once the lease expired: the key is gone, it acquires.
        await DeleteKeyAsync(fence.LeaseKey);
        var intruder = await TransportOf(host).TryAcquireLeaseAsync(fence.LeaseKey, fence.LeaseKey + ":fence", "intruder/x/", TimeSpan.FromMinutes(1), Cancel);
        await term.WaitCancelledAsync();

        Assert.NotNull(intruder);
        Assert.False(term.Leadership.IsHeld);
        Assert.Equal("intruder/x/" + intruder, await LeaseValueAsync(fence.LeaseKey)); // not released by the loser
        Assert.True(await TransportOf(host).ReleaseLeaseAsync(fence.LeaseKey, "intruder/x/" + intruder, Cancel));
        var next = await work.NextTermAsync();
        Assert.True(next.Leadership.FencingToken > intruder);
    }

    [Fact]
    public async Task LeaderWork_Throws_LeaseReleasedAndCampaignedForAgainAfterARenewInterval()
    {
        var stream = TestStreams.Unique();
        var failures = 0;
        var work = new RecordingWork
        {
            Body = (term, cancellationToken) => Interlocked.Increment(ref failures) == 1
                ? Task.FromException(new InvalidOperationException("boom"))
                : Task.Delay(Timeout.Infinite, cancellationToken),
        };
        await StartLeaderAsync(stream, work, "crashy");

        var failed = await work.NextTermAsync();
        var next = await work.NextTermAsync();

        Assert.False(failed.Leadership.IsHeld);
        Assert.True(next.Leadership.FencingToken > failed.Leadership.FencingToken, "the lease was released and acquired anew");
        // A lower bound only: the failed work is not restarted in a hot loop.
        Assert.True(next.Began - failed.Began >= RenewInterval - TimeSpan.FromMilliseconds(20), $"restarted after {(next.Began - failed.Began).TotalMilliseconds} ms");
        Assert.True(next.Leadership.IsHeld);
    }

    [Fact]
    public async Task LeaderWork_ReturnsEarly_GivesTheLeaseUp()
    {
        var stream = TestStreams.Unique();
        var work = new RecordingWork { Body = (_, _) => Task.CompletedTask };
        await StartLeaderAsync(stream, work, "brief");

        var term = await work.NextTermAsync();
        var next = await work.NextTermAsync();

        Assert.False(term.Leadership.IsHeld);
        Assert.True(next.Leadership.FencingToken > term.Leadership.FencingToken);
    }

    [Fact]
    public async Task StopAsync_Leader_CancelsTheWorkAndDeletesTheLease()
    {
        var stream = TestStreams.Unique();
        var work = new RecordingWork();
        var host = await StartLeaderAsync(stream, work, "stopper");
        var term = await work.NextTermAsync();

        await host.StopAsync(Cancel);

        Assert.True(term.Returned.Task.IsCompleted);
        Assert.Null(await LeaseValueAsync(term.Leadership.Fence.LeaseKey));
    }

    private async Task<IHost> StartLeaderAsync(string stream, RecordingWork work, string instance) =>
        await StartHostAsync(
            events =>
            {
                events.Services.AddSingleton(work);
                events.Services.Configure<LeadershipOptions>(o =>
                {
                    o.LeaseTime = LeaseTime;
                    o.RenewInterval = RenewInterval;
                });
                events.AddLeaderWork<RecordingWork>(stream, Lease);
            },
            instanceName: instance);

    /// <summary>The lease key's value (GET), or null.</summary>
    private async Task<string?> LeaseValueAsync(string key)
    {
        if (Kind == TransportKind.InMemory)
        {
            return Memory.Peek(key) as string;
        }

        var client = await ConnectAsync();
        var value = await client.GetAsync(key, Cancel);
        return value.IsNull ? null : value.ToString();
    }

    private async Task DeleteKeyAsync(string key)
    {
        if (Kind == TransportKind.InMemory)
        {
            Memory.Delete(key);
            return;
        }

        var client = await ConnectAsync();
        await client.DeleteAsync(key, Cancel);
    }
}

public sealed class InMemoryLeadershipBehaviourTests(RedisServerFixture redis) : LeadershipBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisLeadershipBehaviourTests(RedisServerFixture redis) : LeadershipBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
