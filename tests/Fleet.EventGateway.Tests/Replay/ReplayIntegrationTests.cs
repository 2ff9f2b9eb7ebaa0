using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.EventGateway.Archive;
using Fleet.EventGateway.Replay;
using Fleet.Events;
using Fleet.Testing;
using Fleet.Testing.Postgres;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.EventGateway.Tests.Replay;

/// <summary>Replay jobs on a real redis-server and PostgreSQL, through the HTTP API, with one or two gateway replicas.</summary>
public sealed class ReplayIntegrationTests(RedisServerFixture redis, PostgresServerFixture postgres)
    : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task Replay_Filter_RepublishesExactlyTheMatchingEventsInOrderWithReplayMetadata()
    {
        var correlation = NUlid.Ulid.NewUlid().ToString();
        var wanted = Enumerable.Range(10, 120).Select(s => ArchivedEvents.Event(FleetStreams.Market, "market.data.collected", s, correlation, """{"source":"feed","hops":2}""")).ToList();
        var others = new List<ArchivedEvent>
        {
            ArchivedEvents.Event(FleetStreams.Market, "market.trend.detected", 20),
            ArchivedEvents.Event(FleetStreams.Contextual, "market.data.collected", 30),
            ArchivedEvents.Event(FleetStreams.Market, "market.data.collected", 5),
            ArchivedEvents.Event(FleetStreams.Market, "market.data.collected", 200),
        };
        await using var gateway = await StartAsync();
        await gateway.ArchiveAsync([.. others, .. wanted]);
        using var published = new PublishedCounter(FleetStreams.Market, "market.data.collected");

        var jobId = await gateway.StartReplayAsync(new
        {
            from = "2026-11-22T10:00:10Z",
            to = "2026-11-22T10:03:00.000+00:00",
            stream = FleetStreams.Market,
            type = "market.data.collected",
        });
        var status = await gateway.WaitForStateAsync(jobId, "completed");

        Assert.Equal(wanted.Count, status.GetProperty("matched").GetInt64());
        Assert.Equal(wanted.Count, status.GetProperty("published").GetInt64());
        Assert.Equal(wanted[^1].Id, status.GetProperty("lastEventId").GetString());

        // Counted in fleet.events.published as any publish (other tests of the process may replay the same type: at least).
        Assert.InRange(published.Sent, wanted.Count, long.MaxValue);
        var replayed = await gateway.ReadStreamAsync(FleetStreams.Market);
        Assert.Equal(wanted.Select(e => e.Id), replayed.Select(e => e.Metadata![ReplayEnvelope.ReplayOf]));
        for (var i = 0; i < wanted.Count; i++)
        {
            var (original, copy) = (wanted[i], replayed[i]);
            Assert.NotEqual(original.Id, copy.Id.ToString());
            Assert.Equal(ReplayEnvelope.IdOf(NUlid.Ulid.Parse(jobId), original.Id), copy.Id);
            Assert.Equal((original.Type, original.Version, original.CorrelationId, original.UserId), (copy.Type, copy.Version, copy.CorrelationId?.ToString(), copy.UserId));
            // jsonb keeps the value, not the spelling: compared as JSON.
            Assert.True(JsonElement.DeepEquals(original.Data, JsonDocument.Parse(copy.Data).RootElement), $"data of {original.Id}");
            Assert.Equal(EnvelopeCodec.FormatTimestamp(original.Timestamp), copy.Metadata![ReplayEnvelope.ReplayOriginalTimestamp]);
            Assert.Equal(jobId, copy.Metadata[ReplayEnvelope.ReplayJob]);
            Assert.Equal(("feed", "2"), (copy.Metadata["source"], copy.Metadata["hops"]));
        }

        Assert.Empty(await gateway.ReadStreamAsync(FleetStreams.Contextual));
    }

    [Fact]
    public async Task Replay_TargetStream_PublishesEveryStreamsEventsThereInArchiveOrder()
    {
        var correlation = NUlid.Ulid.NewUlid().ToString();
        var events = new[] { FleetStreams.Market, FleetStreams.User, FleetStreams.Market, FleetStreams.Contextual, FleetStreams.User }
            .Select((stream, i) => ArchivedEvents.Event(stream, "fleet.test.happened", 60 - i, correlation))
            .ToList();
        await using var gateway = await StartAsync();
        await gateway.ArchiveAsync(events);

        var jobId = await gateway.StartReplayAsync(new { correlationId = correlation.ToLowerInvariant(), targetStream = FleetStreams.System, ratePerSecond = 50 });
        await gateway.WaitForStateAsync(jobId, "completed");

        var replayed = await gateway.ReadStreamAsync(FleetStreams.System);
        Assert.Equal(events.OrderBy(e => e.Timestamp).Select(e => e.Id), replayed.Select(e => e.Metadata![ReplayEnvelope.ReplayOf]));
        Assert.Empty(await gateway.ReadStreamAsync(FleetStreams.Market));
    }

    [Fact]
    public async Task Post_SameIdempotencyKey_ReturnsTheSameJobAndRefusesAnotherBody()
    {
        await using var gateway = await StartAsync();
        await gateway.ArchiveAsync([ArchivedEvents.Event(FleetStreams.User, "user.created", 1)]);
        // Bounded by time: the first job's replay is archived too, and must not be part of the second job.
        var body = new { stream = FleetStreams.User, to = "2026-11-23T00:00:00Z", ratePerSecond = 10 };

        using var first = await gateway.PostReplayAsync(body, "import-42");
        using var again = await gateway.PostReplayAsync(body, "import-42");
        using var other = await gateway.PostReplayAsync(body, "import-43");
        using var changed = await gateway.PostReplayAsync(new { stream = FleetStreams.User, to = "2026-11-23T00:00:00Z", ratePerSecond = 11 }, "import-42");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, again.StatusCode));
        var jobId = (await ReplayGateway.Json(first)).GetProperty("jobId").GetString();
        Assert.Equal(jobId, (await ReplayGateway.Json(again)).GetProperty("jobId").GetString());
        Assert.Equal($"/events/replay/{jobId}", first.Headers.Location?.OriginalString);
        Assert.NotEqual(jobId, (await ReplayGateway.Json(other)).GetProperty("jobId").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Contains(jobId!, (await ReplayGateway.Json(changed)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Two jobs, each published once: the repeated request made no third.
        await gateway.WaitForStateAsync(jobId!, "completed");
        await gateway.WaitForStateAsync((await ReplayGateway.Json(other)).GetProperty("jobId").GetString()!, "completed");
        Assert.Equal(2, (await gateway.ReadStreamAsync(FleetStreams.User)).Count);
    }

    [Fact]
    public async Task Post_BadFilter_Returns400NamingEveryBrokenRule()
    {
        await using var gateway = await StartAsync();

        using var bad = await gateway.PostReplayAsync(new
        {
            from = "2026-11-22 10:00:00",
            to = "yesterday",
            stream = "nope.events",
            type = "Market Data",
            correlationId = "not-a-ulid",
            targetStream = "ai.high.events",
            ratePerSecond = 0,
        });
        using var unbounded = await gateway.PostReplayAsync(new { targetStream = FleetStreams.Market });
        using var backwards = await gateway.PostReplayAsync(new { from = "2026-11-22T11:00:00Z", to = "2026-11-22T10:00:00Z", ratePerSecond = 100_001 });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            ["correlationId", "from", "ratePerSecond", "stream", "targetStream", "to", "type"],
            (await ReplayGateway.Json(bad)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal([ReplayRequestValidator.FilterField], (await ReplayGateway.Json(unbounded)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["ratePerSecond", "to"], (await ReplayGateway.Json(backwards)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Get_RunningJob_ReportsProgressThenCompletion()
    {
        var events = Enumerable.Range(0, 150).Select(s => ArchivedEvents.Event(FleetStreams.Notification, "notification.requested", s)).ToList();
        await using var gateway = await StartAsync();
        await gateway.ArchiveAsync(events);

        var jobId = await gateway.StartReplayAsync(new { stream = FleetStreams.Notification, ratePerSecond = 60 });

        // At 60 events/s the 150 events take over two seconds: the job is seen part-way.
        var running = await Eventually.UntilAsync(
            () => gateway.StatusAsync(jobId),
            s => s.GetProperty("state").GetString() == "running" && s.GetProperty("published").GetInt64() > 0,
            "the job reports published events while it runs");
        Assert.InRange(running.GetProperty("published").GetInt64(), 1, events.Count - 1);
        Assert.True(running.GetProperty("matched").GetInt64() >= running.GetProperty("published").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, running.GetProperty("startedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, running.GetProperty("finishedAt").ValueKind);

        var done = await gateway.WaitForStateAsync(jobId, "completed");
        Assert.Equal((150, 150), (done.GetProperty("matched").GetInt64(), done.GetProperty("published").GetInt64()));
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("finishedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync(new Uri($"/events/replay/{NUlid.Ulid.NewUlid()}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Replay_AfterFlushAll_RestoresTheStreamFromTheArchive()
    {
        await using var gateway = await StartAsync();
        var publisher = gateway.Services.GetRequiredService<IEventPublisher>();
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var published = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var result = await publisher.PublishAsync(FleetStreams.User, new UserTierChanged($"user-{i}", UserTier.Pro), new PublishOptions { UserId = $"user-{i}" }, TestContext.Current.CancellationToken);
            published.Add(result.EventId.ToString());
        }

        var archive = gateway.Services.GetRequiredService<IEventArchive>();
        await Eventually.TrueAsync(
            async () => (await archive.QueryAsync(new ArchiveQuery { Stream = FleetStreams.User }, TestContext.Current.CancellationToken)).Events.Count == published.Count,
            "the archiver archived the 20 events");
        await redis.Server.CliAsync("FLUSHALL");
        Assert.Empty(await gateway.ReadStreamAsync(FleetStreams.User));

        var jobId = await gateway.StartReplayAsync(new { stream = FleetStreams.User, from = EnvelopeCodec.FormatTimestamp(since) });
        await gateway.WaitForStateAsync(jobId, "completed");

        var restored = await gateway.ReadStreamAsync(FleetStreams.User);
        Assert.Equal(published, restored.Select(e => e.Metadata![ReplayEnvelope.ReplayOf]));
        Assert.Equal(
            Enumerable.Range(0, 20).Select(i => new UserTierChanged($"user-{i}", UserTier.Pro)),
            restored.Select(e => JsonSerializer.Deserialize(e.Data.Span, FleetContractsJsonContext.Default.UserTierChanged)));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"user-{i}"), restored.Select(e => e.UserId));
    }

    [Fact]
    public async Task Endpoints_ApiKeys_ReadKeyWatchesButCannotStartOrCancel()
    {
        await using var gateway = await StartAsync();
        var jobId = await gateway.StartReplayAsync(new { stream = FleetStreams.Ai });
        using var reader = gateway.Services.GetRequiredService<IServer>() is TestServer server ? server.CreateClient() : throw new InvalidOperationException("Not a TestServer.");
        reader.DefaultRequestHeaders.Add("X-Api-Key", ReplayGateway.ReadOnlyKey);
        using var anonymous = ((TestServer)gateway.Services.GetRequiredService<IServer>()).CreateClient();
        var body = JsonContent.Create(new { stream = FleetStreams.Ai });
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri($"/events/replay/{jobId}", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync(new Uri("/events/replay", UriKind.Relative), body, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync(new Uri($"/events/replay/{jobId}", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri($"/events/replay/{jobId}", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(new Uri("/events/replay", UriKind.Relative), body, ct)).StatusCode);

        // The gateway's OpenAPI document (anonymous) describes the three routes.
        var paths = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), ct)).RootElement.GetProperty("paths");
        Assert.Equal(["post"], paths.GetProperty("/events/replay").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["delete", "get"], paths.GetProperty("/events/replay/{jobId}").EnumerateObject().Select(p => p.Name).Where(n => n != "parameters").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Delete_RunningJob_CancelsItAndFreesTheReplicaForTheNextJob()
    {
        var events = Enumerable.Range(0, 200).Select(s => ArchivedEvents.Event(FleetStreams.Notification, "notification.requested", s)).ToList();
        await using var gateway = await StartAsync();
        await gateway.ArchiveAsync([.. events, ArchivedEvents.Event(FleetStreams.User, "user.tier.changed", 1)]);
        var jobId = await gateway.StartReplayAsync(new { stream = FleetStreams.Notification, ratePerSecond = 20 });
        await Eventually.UntilAsync(() => gateway.StatusAsync(jobId), s => s.GetProperty("published").GetInt64() > 0, "the job publishes");

        using var cancel = await gateway.Http.DeleteAsync(new Uri($"/events/replay/{jobId}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", (await ReplayGateway.Json(cancel)).GetProperty("state").GetString());

        // One worker runs one job at a time: the next job completing means the cancelled one's runner has stopped.
        var next = await gateway.StartReplayAsync(new { stream = FleetStreams.User });
        await gateway.WaitForStateAsync(next, "completed");
        var cancelled = await gateway.StatusAsync(jobId);
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        Assert.InRange((await gateway.ReadStreamAsync(FleetStreams.Notification)).Count, 1, events.Count - 1);
        using var again = await gateway.Http.DeleteAsync(new Uri($"/events/replay/{jobId}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private async Task<ReplayGateway> StartAsync() =>
        await ReplayGateway.StartAsync(redis.Server.Url, await postgres.Server.CreateDatabaseAsync("replay", TestContext.Current.CancellationToken), $"replay-{Guid.NewGuid():N}:");
}
