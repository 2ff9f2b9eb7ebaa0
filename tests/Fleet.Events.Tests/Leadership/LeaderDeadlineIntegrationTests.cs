using Fleet.Events.Tests.Consumers;
using Fleet.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Events.Tests.LeaderLease;

/// <summary>
/// The local deadline on a redis-server of its own that stops answering (CLIENT PAUSE WRITE holds the renewal script),
/// with a <see cref="FakeTimeProvider"/>: the work is cancelled when lease time minus renew interval has passed since the
/// last successful renewal was sent, without any answer from Redis, and not before.
/// </summary>
public sealed class LeaderDeadlineIntegrationTests : OwnRedisTestBase
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Deadline_RenewalNeverAnswered_WorkCancelledAtLeaseTimeMinusRenewIntervalAfterTheLastRenewal()
    {
        var (server, client, time, logs, term) = await LeadAsync();

        await server.CliAsync("CLIENT", "PAUSE", "60000", "WRITE");
        try
        {
            // The renewal is sent at 3 s and never answered; the deadline stays 7 s after the acquisition was sent.
            // (Every wait is computed from absolute timestamps, so it does not matter when the service sees each advance.)
            time.Advance(RenewInterval);
            await server.WaitForBlockedClientsAsync(1);
            time.Advance(TimeSpan.FromSeconds(3.9));
            Assert.True(term.Leadership.IsHeld, "still within 7 s of the acquisition");
            Assert.False(term.Cancelled.Task.IsCompleted);

            time.Advance(TimeSpan.FromSeconds(0.1));
            await term.WaitCancelledAsync();
        }
        finally
        {
            await server.CliAsync("CLIENT", "UNPAUSE");
        }

        Assert.False(term.Leadership.IsHeld);
        Assert.Contains(logs.Records, r => r.Id == 5001 && r.Message.Contains("lost by instance leader-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renewal_Refused_WorkCancelledAtTheNextRenewal()
    {
        var (server, client, time, logs, term) = await LeadAsync();

        // Another holder's value, as after an expiry and a takeover.
        await client.SetAsync(term.Leadership.Fence.LeaseKey, "other/x/99", cancellationToken: Cancel);
        Assert.True(term.Leadership.IsHeld, "nothing told this process yet");
        time.Advance(RenewInterval);
        await term.WaitCancelledAsync();

        Assert.False(term.Leadership.IsHeld);
        Assert.Contains(logs.Records, r => r.Id == 5001 && r.Message.Contains("refused", StringComparison.Ordinal));
        Assert.Equal("other/x/99", (await client.GetAsync(term.Leadership.Fence.LeaseKey, Cancel)).ToString());
    }

    [Fact]
    public async Task FencedPublish_RefusedBeforeTheNextRenewal_TermLostNotFailedAndNothingWritten()
    {
        var server = await StartServerAsync();
        var client = await ConnectAsync(server);
        var stream = TestStreams.Unique();
        var logs = new LogCollector();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IEventPublisher? publisher = null;
        var work = new RecordingWork
        {
            Body = async (term, cancellationToken) =>
            {
                await go.Task.WaitAsync(cancellationToken);
                await publisher!.PublishAsync(stream, new OrderPlaced("late", 1), new PublishOptions { Fence = term.Leadership.Fence }, cancellationToken);
            },
        };
        var host = await StartLeaderAsync(client, stream, work, new FakeTimeProvider(DateTimeOffset.UtcNow), logs);
        publisher = host.Services.GetRequiredService<IEventPublisher>();
        var term = await work.NextTermAsync();

        // Taken over between two renewals (the fake clock never reaches the next one): only the fence can tell.
        await client.SetAsync(term.Leadership.Fence.LeaseKey, "other/x/99", cancellationToken: Cancel);
        go.SetResult();
        await term.Returned.Task.WaitAsync(TimeSpan.FromSeconds(60), Cancel);
        await Fleet.Testing.Eventually.TrueAsync(() => logs.Records.Any(r => r.Id == 5001), "the term is logged lost");

        Assert.Contains(logs.Records, r => r.Id == 5001 && r.Message.Contains("a fenced write was refused", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Records, r => r.Id == 5003);
        Assert.False(term.Leadership.IsHeld);
        Assert.Equal(0, (await client.ExecuteAsync("XLEN", [new StreamKeys().Stream(stream)], Cancel)).ToInt64());
        Assert.Equal("other/x/99", (await client.GetAsync(term.Leadership.Fence.LeaseKey, Cancel)).ToString());
    }

    /// <summary>A redis-server of its own and a host on a fake clock that leads lease <c>leader</c>: its first term.</summary>
    private async Task<(Fleet.Testing.RedisServer Server, RedisClient Client, FakeTimeProvider Time, LogCollector Logs, LeaderTerm Term)> LeadAsync()
    {
        var server = await StartServerAsync();
        var client = await ConnectAsync(server);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new LogCollector();
        var work = new RecordingWork();
        await StartLeaderAsync(client, TestStreams.Unique(), work, time, logs);
        return (server, client, time, logs, await work.NextTermAsync());
    }

    private async Task<IHost> StartLeaderAsync(RedisClient client, string stream, RecordingWork work, TimeProvider time, LogCollector logs)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(work);
        builder.Services.Configure<LeadershipOptions>(o =>
        {
            o.LeaseTime = LeaseTime;
            o.RenewInterval = RenewInterval;
        });
        builder.Services.AddFleetEvents(o => o.InstanceName = "leader-1")
            .AddTestEvents()
            .UseRedis(client)
            .AddLeaderWork<RecordingWork>(stream, "leader");
        var host = builder.Build();
        Own(new HostResource(host));
        await host.StartAsync(Cancel);
        return host;
    }
}
