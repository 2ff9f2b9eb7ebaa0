using Fleet.DeadLetterReaper.Alerts;

namespace Fleet.DeadLetterReaper.Tests.Alerts;

public sealed class AlertEvaluatorIntegrationTests(RedisServerFixture redis)
{
    private const string Group = "archiver";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConsumerLag_AboveTheThreshold_RaisedOnceThenResolvedOnceWhenRead()
    {
        await using var alerts = await AlertsHarness.StartAsync(redis.Server.Url);
        var fence = await alerts.LeadAsync(1);
        var stream = alerts.Keys.Stream(FleetStreams.Contextual);
        await alerts.Redis.XGroupCreateAsync(stream, Group, "0", makeStream: true, cancellationToken: Cancel);
        await alerts.AddEntriesAsync(stream, 1001);
        const string key = "consumer_lag:contextual.events/archiver";
        var start = alerts.Time.GetUtcNow();

        var figures = await alerts.EvaluateAsync(fence, times: 3);

        Assert.Contains(new AlertFigure(AlertRules.ConsumerLag, "contextual.events/archiver", 1001, 1000), figures);
        var (envelope, raised) = Assert.Single(await alerts.RaisedAsync());
        Assert.Equal((key, "consumer_lag", "contextual.events/archiver", 1001d, 1000d), (raised.AlertKey, raised.Rule, raised.Subject, raised.Value, raised.Threshold));
        Assert.Equal("1", envelope.Metadata!["fencing_token"]);
        Assert.Equal(AlertRecord.Raised, (await alerts.AlertsAsync())[key].Status);

        var read = await alerts.Redis.XReadGroupAsync(Group, "c1", stream, count: 2000, cancellationToken: Cancel);
        await alerts.Redis.XAckAsync(stream, Group, [.. read.Select(e => e.Id)], Cancel);
        await alerts.EvaluateAsync(fence, times: 3);

        var resolved = Assert.Single(await alerts.ResolvedAsync()).Data;
        Assert.Equal((key, 0d, 1000d), (resolved.AlertKey, resolved.Value, resolved.Threshold));
        Assert.Equal(start + TimeSpan.FromSeconds(15), resolved.RaisedAt);
        Assert.Single(await alerts.RaisedAsync());
        Assert.Empty(await alerts.AlertsAsync());
    }

    [Fact]
    public async Task ConsumerLag_RedisCounterWrongForADrainedGroup_IsCountedAndNotRaised()
    {
        await using var alerts = await AlertsHarness.StartAsync(redis.Server.Url);
        var fence = await alerts.LeadAsync(1);
        var stream = alerts.Keys.Stream(FleetStreams.Contextual);
        await alerts.Redis.XGroupCreateAsync(stream, Group, "0", makeStream: true, cancellationToken: Cancel);
        await alerts.AddEntriesAsync(stream, 1500);
        var read = await alerts.Redis.XReadGroupAsync(Group, "c1", stream, count: 2000, cancellationToken: Cancel);
        await alerts.Redis.XAckAsync(stream, Group, [.. read.Select(e => e.Id)], Cancel);
        // What an AOF restart leaves (ADR 0005): the group drained, its entries-read counter short, so XINFO GROUPS says lag 1 500.
        await alerts.Redis.XGroupSetIdAsync(stream, Group, read[^1].Id.ToString(), entriesRead: 0, Cancel);
        Assert.Equal(1500, Assert.Single(await alerts.Redis.XInfoGroupsAsync(stream, Cancel)).Lag);

        var figures = await alerts.EvaluateAsync(fence, times: 2);

        Assert.Contains(new AlertFigure(AlertRules.ConsumerLag, "contextual.events/archiver", 0, 1000), figures);
        Assert.Empty(await alerts.RaisedAsync());
    }

    [Fact]
    public async Task StreamDepth_LagPlusPendingAboveTheThreshold_RaisedOnceThenResolvedOnce()
    {
        await using var alerts = await AlertsHarness.StartAsync(redis.Server.Url, new Dictionary<string, string?> { ["Alerts:StreamDepth"] = "8" });
        var fence = await alerts.LeadAsync(1);
        var stream = alerts.Keys.Stream(FleetStreams.Notification);
        await alerts.Redis.XGroupCreateAsync(stream, Group, "0", makeStream: true, cancellationToken: Cancel);
        await alerts.AddEntriesAsync(stream, 10);
        var read = await alerts.Redis.XReadGroupAsync(Group, "c1", stream, count: 6, cancellationToken: Cancel);

        var figures = await alerts.EvaluateAsync(fence, times: 2);

        Assert.Contains(new AlertFigure(AlertRules.StreamDepth, "notification.events/archiver", 10, 8), figures);
        var raised = Assert.Single(await alerts.RaisedAsync()).Data;
        Assert.Equal(("stream_depth:notification.events/archiver", 10d), (raised.AlertKey, raised.Value));

        await alerts.Redis.XAckAsync(stream, Group, [.. read.Select(e => e.Id)], Cancel);
        await alerts.EvaluateAsync(fence, times: 2);

        var resolved = Assert.Single(await alerts.ResolvedAsync()).Data;
        Assert.Equal(("stream_depth:notification.events/archiver", 4d), (resolved.AlertKey, resolved.Value));
    }

    [Fact]
    public async Task DeadLetterDepth_AboveTheThreshold_RaisedOnceThenResolvedOnceWhenDrained()
    {
        await using var alerts = await AlertsHarness.StartAsync(redis.Server.Url, new Dictionary<string, string?> { ["Alerts:DeadLetterDepth"] = "2", ["Alerts:ErrorRate"] = "1" });
        var fence = await alerts.LeadAsync(1);
        var dlq = alerts.Keys.DeadLetters(FleetStreams.Ai);
        await alerts.AddEntriesAsync(dlq, 3);
        // The reaper's own group on the :dlq, caught up: its figures are measured (subject ai.events:dlq/…) and within the thresholds.
        await alerts.Redis.XGroupCreateAsync(dlq, "dead-letter-reaper", "$", cancellationToken: Cancel);

        var figures = await alerts.EvaluateAsync(fence, times: 2);

        Assert.Contains(new AlertFigure(AlertRules.ConsumerLag, "ai.events:dlq/dead-letter-reaper", 0, 1000), figures);
        Assert.Equal("dead_letter_depth:ai.events", Assert.Single(await alerts.RaisedAsync()).Data.AlertKey);

        await alerts.Redis.XTrimAsync(dlq, StreamTrim.MaxLength(1), Cancel);
        await alerts.EvaluateAsync(fence, times: 2);

        var resolved = Assert.Single(await alerts.ResolvedAsync()).Data;
        Assert.Equal(("dead_letter_depth:ai.events", 1d), (resolved.AlertKey, resolved.Value));
    }

    [Fact]
    public async Task ErrorRate_DeadLettersWithinTheWindow_RaisedUntilTheyLeaveIt()
    {
        var settings = new Dictionary<string, string?> { ["Alerts:ErrorWindow"] = "00:01:00", ["Alerts:Interval"] = "00:00:15" };
        await using var alerts = await AlertsHarness.StartAsync(redis.Server.Url, settings);
        var fence = await alerts.LeadAsync(1);
        await alerts.EvaluateAsync(fence);
        await alerts.AddEntriesAsync(alerts.Keys.Stream(FleetStreams.User), 100);
        await alerts.AddEntriesAsync(alerts.Keys.DeadLetters(FleetStreams.User), 10);

        // t = 15 s: 10 dead letters / 100 entries since the sample of t = 0.
        var figures = await alerts.EvaluateAsync(fence);
        Assert.Contains(new AlertFigure(AlertRules.ErrorRate, FleetStreams.User, 0.1, 0.05), figures);
        Assert.Equal("error_rate:user.events", Assert.Single(await alerts.RaisedAsync()).Data.AlertKey);

        // t = 30…60 s: nothing new, but the sample of t = 0 is still within the minute.
        figures = await alerts.EvaluateAsync(fence, times: 3);
        Assert.Contains(new AlertFigure(AlertRules.ErrorRate, FleetStreams.User, 0.1, 0.05), figures);
        Assert.Empty(await alerts.ResolvedAsync());

        // t = 75 s: the oldest sample within the window is t = 15 s, after the dead letters.
        figures = await alerts.EvaluateAsync(fence);
        Assert.Contains(new AlertFigure(AlertRules.ErrorRate, FleetStreams.User, 0, 0.05), figures);
        var resolved = Assert.Single(await alerts.ResolvedAsync()).Data;
        Assert.Equal(("error_rate:user.events", 0d), (resolved.AlertKey, resolved.Value));
        Assert.Single(await alerts.RaisedAsync());
        // Samples older than the window are dropped: t = 15…75 s are kept.
        Assert.Equal(5, await alerts.Redis.SortedSetLengthAsync(alerts.Store.SamplesKey, Cancel));
    }

    [Fact]
    public async Task Memory_UsedAboveTheShareOfMaxmemory_RaisedOnceThenResolvedOnce()
    {
        // A server of its own: maxmemory is server-wide, and other tests write to the shared one.
        await using var server = await RedisServer.StartAsync(cancellationToken: Cancel);
        await using var alerts = await AlertsHarness.StartAsync(server.Url);
        var fence = await alerts.LeadAsync(1);
        var figures = await alerts.EvaluateAsync(fence);
        Assert.DoesNotContain(figures, f => f.Rule == AlertRules.Memory);

        var used = FleetSampler.ParseMemory(await alerts.Redis.InfoAsync("memory", Cancel)).Used;
        // About 87 %: above the threshold, with room left for the writes of the evaluation (at 100 % Redis refuses them).
        await ConfigSetMaxMemoryAsync(alerts.Redis, used + (used * 3 / 20));
        figures = await alerts.EvaluateAsync(fence, times: 2);

        var memory = Assert.Single(figures, f => f.Rule == AlertRules.Memory);
        Assert.InRange(memory.Value, 0.8, 1.0);
        var raised = Assert.Single(await alerts.RaisedAsync()).Data;
        Assert.Equal(("memory:redis", "redis", 0.8), (raised.AlertKey, raised.Subject, raised.Threshold));

        await ConfigSetMaxMemoryAsync(alerts.Redis, used * 10);
        await alerts.EvaluateAsync(fence, times: 2);

        var resolved = Assert.Single(await alerts.ResolvedAsync()).Data;
        Assert.Equal("memory:redis", resolved.AlertKey);
        Assert.InRange(resolved.Value, 0.01, 0.2);
    }

    [Fact]
    public async Task NewLeader_FindsTheRaisedSet_DoesNotRaiseAgainAndResolvesOnce()
    {
        var settings = new Dictionary<string, string?> { ["Alerts:DeadLetterDepth"] = "0", ["Alerts:ErrorRate"] = "1" };
        await using var first = await AlertsHarness.StartAsync(redis.Server.Url, settings);
        await using var second = await AlertsHarness.StartAsync(redis.Server.Url, settings, first.Prefix);
        var dlq = first.Keys.DeadLetters(FleetStreams.Market);
        await first.AddEntriesAsync(dlq, 1);
        await first.EvaluateAsync(await first.LeadAsync(1), times: 2);
        Assert.Single(await first.RaisedAsync());

        var fence = await second.LeadAsync(2);
        await second.EvaluateAsync(fence, times: 3);
        Assert.Single(await second.RaisedAsync());
        await second.Redis.XTrimAsync(dlq, StreamTrim.MaxLength(0), Cancel);
        await second.EvaluateAsync(fence, times: 2);

        var (envelope, resolved) = Assert.Single(await second.ResolvedAsync());
        Assert.Equal("dead_letter_depth:market.events", resolved.AlertKey);
        Assert.Equal("2", envelope.Metadata!["fencing_token"]);
        Assert.Empty(await second.AlertsAsync());
    }

    [Fact]
    public async Task StaleLeader_AfterANewTerm_ItsWritesAreRefused()
    {
        var settings = new Dictionary<string, string?> { ["Alerts:DeadLetterDepth"] = "0", ["Alerts:ErrorRate"] = "1" };
        await using var alerts = await AlertsHarness.StartAsync(redis.Server.Url, settings);
        var stale = await alerts.LeadAsync(1);
        await alerts.LeadAsync(2);
        await alerts.AddEntriesAsync(alerts.Keys.DeadLetters(FleetStreams.Market), 1);

        await Assert.ThrowsAsync<LeadershipLostException>(() => alerts.EvaluateAsync(stale));

        Assert.Empty(await alerts.RaisedAsync());
        Assert.Empty(await alerts.AlertsAsync());
        Assert.False(await alerts.Redis.ExistsAsync(alerts.Store.SamplesKey, Cancel));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InterruptedRaise_NextLeaderPublishesOnlyWhatIsMissing(bool publishedBeforeTheCrash)
    {
        var settings = new Dictionary<string, string?> { ["Alerts:DeadLetterDepth"] = "0", ["Alerts:ErrorRate"] = "1" };
        await using var crashed = await AlertsHarness.StartAsync(redis.Server.Url, settings);
        await crashed.AddEntriesAsync(crashed.Keys.DeadLetters(FleetStreams.Market), 1);
        var old = await crashed.LeadAsync(1);
        // What RaiseAsync does before a crash: the record in flight, then (or not) the fenced publish, and no final write.
        var record = new AlertRecord
        {
            Status = AlertRecord.Raising,
            Rule = AlertRules.DeadLetterDepth,
            Subject = FleetStreams.Market,
            Value = 1,
            Threshold = 0,
            RaisedAt = crashed.Time.GetUtcNow(),
            Transition = NUlid.Ulid.NewUlid().ToString(),
            Since = await crashed.Store.LastEventIdAsync(Cancel),
            FencingToken = 1,
        };
        await crashed.Store.WriteAsync(old, record, Cancel);
        if (publishedBeforeTheCrash)
        {
            await crashed.Publisher.PublishAsync(
                FleetStreams.System,
                new SystemAlertRaised(record.Key, record.Rule, record.Subject, 1, 0, "raised before the crash"),
                new PublishOptions { Fence = old, Metadata = new Dictionary<string, string> { [AlertStore.TransitionMetadata] = record.Transition } },
                Cancel);
        }

        await using var next = await AlertsHarness.StartAsync(redis.Server.Url, settings, crashed.Prefix);
        await next.EvaluateAsync(await next.LeadAsync(2), times: 2);

        var (envelope, raised) = Assert.Single(await next.RaisedAsync());
        Assert.Equal("dead_letter_depth:market.events", raised.AlertKey);
        Assert.Equal(record.Transition, envelope.Metadata![AlertStore.TransitionMetadata]);
        Assert.Equal(publishedBeforeTheCrash ? "1" : "2", envelope.Metadata["fencing_token"]);
        var kept = (await next.AlertsAsync())[record.Key];
        Assert.Equal((AlertRecord.Raised, 2L, record.RaisedAt), (kept.Status, kept.FencingToken, kept.RaisedAt));
        Assert.Empty(await next.ResolvedAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InterruptedResolve_NextLeaderPublishesOnlyWhatIsMissing(bool publishedBeforeTheCrash)
    {
        var settings = new Dictionary<string, string?> { ["Alerts:DeadLetterDepth"] = "0", ["Alerts:ErrorRate"] = "1" };
        await using var crashed = await AlertsHarness.StartAsync(redis.Server.Url, settings);
        var dlq = crashed.Keys.DeadLetters(FleetStreams.Market);
        await crashed.AddEntriesAsync(dlq, 1);
        var old = await crashed.LeadAsync(1);
        await crashed.EvaluateAsync(old);
        await crashed.Redis.XTrimAsync(dlq, StreamTrim.MaxLength(0), Cancel);
        // What ResolveAsync does before a crash: the record in flight, then (or not) the fenced publish, and no HDEL.
        var raised = Assert.Single(await crashed.AlertsAsync()).Value;
        var record = raised with
        {
            Status = AlertRecord.Resolving,
            Value = 0,
            Transition = NUlid.Ulid.NewUlid().ToString(),
            Since = await crashed.Store.LastEventIdAsync(Cancel),
        };
        await crashed.Store.WriteAsync(old, record, Cancel);
        if (publishedBeforeTheCrash)
        {
            await crashed.Publisher.PublishAsync(
                FleetStreams.System,
                new SystemAlertResolved(record.Key, record.Rule, record.Subject, 0, 0, record.RaisedAt, "resolved before the crash"),
                new PublishOptions { Fence = old, Metadata = new Dictionary<string, string> { [AlertStore.TransitionMetadata] = record.Transition } },
                Cancel);
        }

        await using var next = await AlertsHarness.StartAsync(redis.Server.Url, settings, crashed.Prefix);
        await next.EvaluateAsync(await next.LeadAsync(2), times: 2);

        var (envelope, resolved) = Assert.Single(await next.ResolvedAsync());
        Assert.Equal(("dead_letter_depth:market.events", raised.RaisedAt), (resolved.AlertKey, resolved.RaisedAt));
        Assert.Equal(record.Transition, envelope.Metadata![AlertStore.TransitionMetadata]);
        Assert.Equal(publishedBeforeTheCrash ? "1" : "2", envelope.Metadata["fencing_token"]);
        Assert.Single(await next.RaisedAsync());
        Assert.Empty(await next.AlertsAsync());
    }

    private static async Task ConfigSetMaxMemoryAsync(RedisClient client, long bytes) =>
        (await client.ExecuteAsync("CONFIG", ["SET", "maxmemory", bytes], Cancel)).ThrowIfError();
}
