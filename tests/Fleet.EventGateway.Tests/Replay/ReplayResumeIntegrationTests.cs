using Fleet.Contracts;
using Fleet.EventGateway.Archive;
using Fleet.EventGateway.Replay;
using Fleet.Testing;
using Fleet.Testing.Postgres;

namespace Fleet.EventGateway.Tests.Replay;

/// <summary>
/// Replay jobs across gateway replicas on a real redis-server and PostgreSQL: a job another replica resumes, from its
/// saved cursor or with its cursor lost, publishes every event exactly once and in order.
/// </summary>
public sealed class ReplayResumeIntegrationTests(RedisServerFixture redis, PostgresServerFixture postgres)
    : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    private const int Events = 300;

    [Fact]
    public async Task Resume_RunnerStoppedMidway_AnotherReplicaFinishesAndPublishesNothingTwice()
    {
        var (database, prefix, events, jobId, first) = await StopMidwayAsync(30);
        await using var stoppedReplica = first;
        var stopped = await first.StatusAsync(jobId);
        Assert.Equal("running", stopped.GetProperty("state").GetString());
        Assert.InRange(stopped.GetProperty("published").GetInt64(), 30, Events - 1);

        await using var second = await ReplayGateway.StartAsync(redis.Server.Url, database, prefix);
        var done = await second.WaitForStateAsync(jobId, "completed");

        Assert.Equal(Events, done.GetProperty("published").GetInt64());
        Assert.Equal(events.Select(e => e.Id), (await second.ReadStreamAsync(FleetStreams.Market)).Select(e => e.Metadata![ReplayEnvelope.ReplayOf]));
    }

    [Fact]
    public async Task Resume_CursorLostAndReplicaKilled_MarkerKeepsEveryEventOnceAfterTheLeaseExpires()
    {
        var (database, prefix, events, jobId, first) = await StopMidwayAsync(60);
        await using var stoppedReplica = first;
        var appended = (await first.ReadStreamAsync(FleetStreams.Market)).Count;

        // What a replica killed between its appends and its saves leaves: events on the stream the saved cursor does not
        // know about (here none at all), and a lease still held by the dead replica for another second.
        await first.ExecuteAsync(
            $"""
            UPDATE replay_jobs SET matched = 0, published = 0, page_cursor = NULL, last_event_id = NULL, last_event_timestamp = NULL,
                                   lease_owner = 'killed-replica', lease_expires = now() + interval '1 second'
            WHERE id = '{jobId}'
            """);
        await using var second = await ReplayGateway.StartAsync(redis.Server.Url, database, prefix, leaseTime: "00:00:01");
        var done = await second.WaitForStateAsync(jobId, "completed");

        Assert.InRange(appended, 60, Events - 1);
        Assert.Equal(Events, done.GetProperty("published").GetInt64());
        var replayed = await second.ReadStreamAsync(FleetStreams.Market);
        Assert.Equal(events.Select(e => e.Id), replayed.Select(e => e.Metadata![ReplayEnvelope.ReplayOf]));
        Assert.Equal(Events, replayed.Select(e => e.Id).Distinct().Count());
    }

    /// <summary>
    /// Archives the events, starts a job on a first replica and stops that replica (as SIGTERM would) once it published at
    /// least <paramref name="atLeast"/> of them; the job is left running from its saved cursor. The stopped replica still
    /// answers HTTP (its worker is gone); the caller disposes it.
    /// </summary>
    private async Task<(string Database, string Prefix, List<ArchivedEvent> Events, string JobId, ReplayGateway Stopped)> StopMidwayAsync(int atLeast)
    {
        var database = await postgres.Server.CreateDatabaseAsync("replay_resume", TestContext.Current.CancellationToken);
        var events = Enumerable.Range(0, Events).Select(s => ArchivedEvents.Event(FleetStreams.Market, "market.data.collected", s)).ToList();
        var prefix = $"replay-{Guid.NewGuid():N}:";
        var first = await ReplayGateway.StartAsync(redis.Server.Url, database, prefix);
        await first.ArchiveAsync(events);
        var jobId = await first.StartReplayAsync(new { stream = FleetStreams.Market, ratePerSecond = 100 });
        await Eventually.UntilAsync(() => first.StatusAsync(jobId), s => s.GetProperty("published").GetInt64() >= atLeast, "the first replica published part of the job");
        await first.StopAsync();
        return (database, prefix, events, jobId, first);
    }
}
