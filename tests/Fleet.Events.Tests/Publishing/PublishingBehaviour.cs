using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Fleet.Events.Tests.Behaviour;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Events.Tests.Publishing;

/// <summary>Publishing, batches, validation, size limits, retention and delayed delivery, on every transport.</summary>
public abstract class PublishingBehaviour(RedisServerFixture redis) : BehaviourTestBase(redis)
{
    [Fact]
    public async Task PublishAsync_ValidEvent_AppendsEveryEnvelopeFieldInDesignOrder()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var correlation = Ulid.NewUlid();
        var causation = Ulid.NewUlid();
        var before = TruncateToMilliseconds(DateTimeOffset.UtcNow);

        var result = await Publisher(host).PublishAsync(
            stream,
            new OrderPlaced("o-1", 3, "AAPL"),
            new PublishOptions
            {
                CorrelationId = correlation,
                CausationId = causation,
                UserId = "user-7",
                Metadata = new Dictionary<string, string> { ["source"] = "test" },
            },
            Cancel);
        var after = DateTimeOffset.UtcNow;

        Assert.False(result.IsSpooled);
        var entry = Assert.Single(await ReadAllAsync(host, Keys.Stream(stream)));
        Assert.Equal(result.EntryId, entry.Id);
        Assert.Equal(EnvelopeFields.All, entry.Fields.Select(f => f.Name));
        var envelope = EnvelopeCodec.Decode(entry.Fields);
        Assert.Equal(result.EventId, envelope.Id);
        Assert.Equal(TestEvents.OrderPlacedType, envelope.Type);
        Assert.Equal(1, envelope.Version);
        Assert.InRange(envelope.Timestamp, before, after);
        Assert.Equal(correlation, envelope.CorrelationId);
        Assert.Equal(causation, envelope.CausationId);
        Assert.Equal("user-7", envelope.UserId);
        var metadata = Assert.Single(envelope.Metadata!);
        Assert.Equal(("source", "test"), (metadata.Key, metadata.Value));
        var data = JsonSerializer.Deserialize(envelope.Data.Span, TestEventsJsonContext.Default.OrderPlaced);
        Assert.Equal(new OrderPlaced("o-1", 3, "AAPL"), data);
    }

    [Fact]
    public async Task PublishAsync_NoOptions_WritesEmptyOptionalFields()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });

        await Publisher(host).PublishAsync(stream, new OrderShipped("o-2"), cancellationToken: Cancel);

        var entry = Assert.Single(await ReadAllAsync(host, Keys.Stream(stream)));
        Assert.Equal(EnvelopeFields.All, entry.Fields.Select(f => f.Name));
        foreach (var name in new[] { EnvelopeFields.CorrelationId, EnvelopeFields.CausationId, EnvelopeFields.UserId, EnvelopeFields.Metadata })
        {
            Assert.Equal(string.Empty, entry[name].ToString());
        }

        Assert.Equal("{\"order_id\":\"o-2\"}", entry[EnvelopeFields.Data].ToString());
    }

    [Fact]
    public async Task PublishAsync_WhileTraced_WritesThePublishSpanAsTraceParent()
    {
        var stream = TestStreams.Unique();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Fleet.Events",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var host = await StartHostAsync(_ => { });

        var result = await Publisher(host).PublishAsync(stream, new OrderPlaced("o-1", 1), cancellationToken: Cancel);

        var span = Assert.Single(spans, s => s.DisplayName == $"publish {stream}");
        Assert.Equal(ActivityKind.Producer, span.Kind);
        Assert.Equal(stream, span.GetTagItem("messaging.destination.name"));
        Assert.Equal(result.EventId.ToString(), span.GetTagItem("messaging.message.id"));
        var envelope = EnvelopeCodec.Decode(Assert.Single(await ReadAllAsync(host, Keys.Stream(stream))).Fields);
        Assert.Equal(span.Id, envelope.TraceParent);
    }

    [Fact]
    public async Task PublishBatchAsync_SeveralEvents_KeepsOrderAndReturnsIdsInOrder()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var events = Enumerable.Range(0, 20).Select(i => new OrderPlaced($"o-{i}", i + 1)).ToArray();

        var results = await Publisher(host).PublishBatchAsync(stream, events, cancellationToken: Cancel);

        var entries = await ReadAllAsync(host, Keys.Stream(stream));
        Assert.Equal(events.Length, results.Count);
        Assert.Equal(results.Select(r => r.EntryId), entries.Select(e => (RedisStreamId?)e.Id));
        var envelopes = entries.Select(e => EnvelopeCodec.Decode(e.Fields)).ToList();
        Assert.Equal(results.Select(r => r.EventId), envelopes.Select(e => e.Id));
        Assert.Equal(events, envelopes.Select(e => JsonSerializer.Deserialize(e.Data.Span, TestEventsJsonContext.Default.OrderPlaced)));
        Assert.Equal(results.Select(r => r.EventId).Order(), results.Select(r => r.EventId));
    }

    [Fact]
    public async Task PublishAsync_InvalidEvent_ThrowsNamingTheMemberAndAppendsNothing()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });

        var error = await Assert.ThrowsAsync<EventValidationException>(
            () => Publisher(host).PublishAsync(stream, new OrderPlaced("o-1", 0), cancellationToken: Cancel).AsTask());

        Assert.Equal(TestEvents.OrderPlacedType, error.EventType);
        Assert.Contains("Quantity", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAllAsync(host, Keys.Stream(stream)));
    }

    [Fact]
    public async Task PublishBatchAsync_OneInvalidEvent_FailsTheBatchWithNothingAppended()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        OrderPlaced[] events = [new("o-1", 1), new("o-2", 2), new("o-3", 0)];

        var error = await Assert.ThrowsAsync<EventValidationException>(
            () => Publisher(host).PublishBatchAsync(stream, events, cancellationToken: Cancel).AsTask());

        Assert.Contains("Quantity", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAllAsync(host, Keys.Stream(stream)));
    }

    [Fact]
    public async Task PublishAsync_UnregisteredType_ThrowsInvalidOperation()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Publisher(host).PublishAsync(stream, new NotRegistered("x"), cancellationToken: Cancel).AsTask());

        Assert.Contains(nameof(NotRegistered), error.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAllAsync(host, Keys.Stream(stream)));
    }

    [Fact]
    public async Task PublishAsync_EventOverMaxEventBytes_ThrowsEventTooLargeAndAppendsNothing()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { }, o => o.MaxEventBytes = 400);

        var error = await Assert.ThrowsAsync<EventTooLargeException>(
            () => Publisher(host).PublishAsync(stream, new OrderPlaced("o-1", 1, new string('x', 400)), cancellationToken: Cancel).AsTask());

        Assert.Equal(TestEvents.OrderPlacedType, error.EventType);
        Assert.Equal(400, error.Limit);
        Assert.True(error.Size > 400, $"size {error.Size}");
        Assert.Contains("order.placed", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAllAsync(host, Keys.Stream(stream)));

        // A small event still fits under the same limit.
        var result = await Publisher(host).PublishAsync(stream, new OrderPlaced("o-2", 1), cancellationToken: Cancel);
        Assert.Equal(result.EntryId, Assert.Single(await ReadAllAsync(host, Keys.Stream(stream))).Id);
    }

    [Fact]
    public async Task PublishAsync_StreamWithMaxLengthRetention_KeepsAboutThatMany()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { }, o => o.Retention[stream] = StreamRetention.MaxLength(100));
        var publisher = Publisher(host);

        for (var i = 0; i < 1000; i++)
        {
            await publisher.PublishAsync(stream, new OrderPlaced($"o-{i}", 1), cancellationToken: Cancel);
        }

        // MAXLEN ~ trims whole radix-tree nodes only, so the stream keeps at least 100 and usually some more.
        var entries = await ReadAllAsync(host, Keys.Stream(stream));
        Assert.InRange(entries.Count, 100, 999);
        var last = EnvelopeCodec.Decode(entries[^1].Fields);
        Assert.Equal(new OrderPlaced("o-999", 1), JsonSerializer.Deserialize(last.Data.Span, TestEventsJsonContext.Default.OrderPlaced));
    }

    [Fact]
    public async Task ScheduleAsync_SchedulerStopped_AnotherConsumerOfTheStreamDeliversInDueOrderNotBefore()
    {
        var stream = TestStreams.Unique();
        var scheduler = await StartHostAsync(_ => { }, o => o.SchedulerInterval = TimeSpan.FromMilliseconds(100));
        var now = DateTimeOffset.UtcNow;
        var dueEarly = now.AddMilliseconds(400);
        var dueLate = now.AddMilliseconds(500);

        // Scheduled in the opposite order of their due times.
        var lateId = await Publisher(scheduler).ScheduleAsync(stream, new OrderPlaced("late", 1), dueLate, cancellationToken: Cancel);
        var earlyId = await Publisher(scheduler).ScheduleAsync(stream, new OrderPlaced("early", 1), dueEarly, cancellationToken: Cancel);
        await scheduler.StopAsync(Cancel);
        Assert.Empty(await ReadAllAsync(scheduler, Keys.Stream(stream)));

        var received = new ConcurrentQueue<(Ulid Id, string OrderId, RedisStreamId EntryId)>();
        await StartHostAsync(
            b => b.AddConsumerGroup(stream, "delayed", g => g
                .Handle<OrderPlaced>((context, _) =>
                {
                    received.Enqueue((context.Envelope.Id, context.Data.OrderId, context.EntryId));
                    return ValueTask.CompletedTask;
                })
                .Configure(o => o.BlockTimeout = TimeSpan.FromMilliseconds(100))),
            o => o.SchedulerInterval = TimeSpan.FromMilliseconds(100));

        await Eventually.TrueAsync(() => received.Count == 2, "both delayed events were handled");
        var (first, second) = (received.ElementAt(0), received.ElementAt(1));
        Assert.Equal((earlyId, "early"), (first.Id, first.OrderId));
        Assert.Equal((lateId, "late"), (second.Id, second.OrderId));
        Assert.True(first.EntryId.Milliseconds >= (ulong)dueEarly.ToUnixTimeMilliseconds(), $"{first.EntryId} appeared before {dueEarly:O}");
        Assert.True(second.EntryId.Milliseconds >= (ulong)dueLate.ToUnixTimeMilliseconds(), $"{second.EntryId} appeared before {dueLate:O}");
    }

    [Fact]
    public async Task ScheduleAsync_DueTimeInThePast_PublishesAtOnce()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });

        var id = await Publisher(host).ScheduleAsync(stream, new OrderPlaced("o-1", 1), DateTimeOffset.UtcNow.AddMinutes(-1), cancellationToken: Cancel);

        var entry = Assert.Single(await ReadAllAsync(host, Keys.Stream(stream)));
        Assert.Equal(id, EnvelopeCodec.Decode(entry.Fields).Id);
    }

    [Fact]
    public async Task ScheduleAsync_InvalidEvent_ThrowsAndSchedulesNothing()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { }, o => o.SchedulerInterval = TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAsync<EventValidationException>(
            () => Publisher(host).ScheduleAsync(stream, new OrderPlaced("", 1), DateTimeOffset.UtcNow.AddMilliseconds(100), cancellationToken: Cancel).AsTask());
        var released = await TransportOf(host).ReleaseDueAsync(Keys.Scheduled(stream), Keys.Stream(stream), Keys.DeadLetters(stream), DateTimeOffset.UtcNow.AddHours(1), 100, null, Cancel);

        Assert.Equal(0, released);
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private sealed record NotRegistered(string Value);
}

public sealed class InMemoryPublishingBehaviourTests(RedisServerFixture redis) : PublishingBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisPublishingBehaviourTests(RedisServerFixture redis) : PublishingBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
