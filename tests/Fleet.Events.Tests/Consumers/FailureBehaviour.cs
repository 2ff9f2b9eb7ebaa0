using System.Globalization;
using System.Text;
using Fleet.Events.Tests.Behaviour;
using Fleet.Redis;
using Fleet.Testing;

namespace Fleet.Events.Tests.Consumers;

/// <summary>Failures: in-process retries, redelivery up to the limit, and dead letters with their reasons.</summary>
public abstract class FailureBehaviour(RedisServerFixture redis) : ConsumerTestBase(redis)
{
    [Fact]
    public async Task Handler_FailsTwiceThenSucceeds_IsRetriedInProcessAndAcknowledged()
    {
        var stream = TestStreams.Unique();
        var runs = 0;
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.RetryAttempts = 3;
            })
            .Handle<OrderPlaced>((_, _) => Interlocked.Increment(ref runs) <= 2 ? throw new TimeoutException("downstream busy") : ValueTask.CompletedTask)));

        await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));

        await Eventually.TrueAsync(() => Volatile.Read(ref runs) >= 3, "the handler ran three times");
        await WaitUntilSettledAsync(host, stream);
        Assert.Equal(3, runs);
        Assert.Empty(await DeadLettersAsync(host, stream));
    }

    [Fact]
    public async Task Handler_ThrowsPermanentError_EntryMovesToDeadLettersAtOnceWithEveryField()
    {
        var stream = TestStreams.Unique();
        var runs = 0;
        var host = await StartHostAsync(
            events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((_, _) =>
            {
                Interlocked.Increment(ref runs);
                throw new PermanentEventException("order o-1 refers to an unknown account");
            })),
            instanceName: "dlq-writer");
        var envelope = RawPublisher.Envelope(TestEvents.OrderPlacedType, new OrderPlaced("o-1", 1), TestEventsJsonContext.Default.OrderPlaced);
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);

        var id = await RawPublisher.PublishAsync(host, Keys, stream, envelope);

        var deadLetter = await SingleDeadLetterAsync(host, stream);
        var after = DateTimeOffset.UtcNow.AddMilliseconds(1);
        var original = EnvelopeCodec.Encode(envelope);
        Assert.Equal(original.Select(f => f.Name).Concat(DeadLetterFields.All), deadLetter.Fields.Select(f => f.Name));
        Assert.Equal(original.Select(f => f.Value.ToString()), deadLetter.Fields.Take(original.Length).Select(f => f.Value.ToString()));
        Assert.Equal(stream, deadLetter[DeadLetterFields.SourceStream].ToString());
        Assert.Equal(id.ToString(), deadLetter[DeadLetterFields.EntryId].ToString());
        Assert.Equal(Group, deadLetter[DeadLetterFields.Group].ToString());
        Assert.Equal("dlq-writer", deadLetter[DeadLetterFields.Consumer].ToString());
        Assert.Equal("1", deadLetter[DeadLetterFields.DeliveryCount].ToString());
        Assert.Equal(DeadLetterErrorTypes.Permanent, deadLetter[DeadLetterFields.ErrorType].ToString());
        Assert.Equal("order o-1 refers to an unknown account", deadLetter[DeadLetterFields.ErrorMessage].ToString());
        Assert.Equal(typeof(PermanentEventException).FullName, deadLetter[DeadLetterFields.Exception].ToString());
        var failedAt = DateTimeOffset.ParseExact(deadLetter[DeadLetterFields.FailedAt].ToString(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(failedAt, before, after);
        Assert.Empty(await PendingAsync(host, stream));
        Assert.Equal(1, runs);

        // The shared reader (the reaper's, the gateway's and fleetctl's) reads what the writer wrote.
        var letter = DeadLetterRecord.Read(stream, deadLetter);
        Assert.Equal((envelope.Id.ToString(), TestEvents.OrderPlacedType, stream, id.ToString()), (letter.EventId, letter.EventType, letter.SourceStream, letter.OriginalEntryId));
        Assert.Equal((Group, "dlq-writer", 1L, DeadLetterErrorTypes.Permanent), (letter.Group, letter.Consumer, letter.DeliveryCount, letter.ErrorType));
        Assert.Equal("order o-1 refers to an unknown account", letter.ErrorMessage);
        Assert.Equal(typeof(PermanentEventException).FullName, letter.Exception);
        Assert.Equal(failedAt, letter.FailedAtTime);
        Assert.Equal((0, (string?)null, (string?)null), (letter.Redrives, letter.ParkedReason, letter.ParkedAt));
    }

    [Fact]
    public async Task Handler_AlwaysFails_EntryIsDeliveredMaxDeliveriesTimesThenDeadLettered()
    {
        var stream = TestStreams.Unique();
        var deliveries = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.MaxDeliveries = 2;
                o.RetryAttempts = 0;
                o.ProcessingTimeout = TimeSpan.FromMilliseconds(300);
            })
            .Handle<OrderPlaced>((context, _) =>
            {
                deliveries.Enqueue(context.DeliveryCount);
                throw new InvalidOperationException("the database is down");
            })));

        var id = await PlaceOrderAsync(host, stream, new OrderPlaced("o-1", 1));

        var deadLetter = await SingleDeadLetterAsync(host, stream);
        Assert.Equal(id.ToString(), deadLetter[DeadLetterFields.EntryId].ToString());
        Assert.Equal("2", deadLetter[DeadLetterFields.DeliveryCount].ToString());
        Assert.Equal(DeadLetterErrorTypes.MaxDeliveries, deadLetter[DeadLetterFields.ErrorType].ToString());
        Assert.Contains("the database is down", deadLetter[DeadLetterFields.ErrorMessage].ToString(), StringComparison.Ordinal);
        Assert.Equal(typeof(InvalidOperationException).FullName, deadLetter[DeadLetterFields.Exception].ToString());
        Assert.Equal([1L, 2L], deliveries);
        Assert.Empty(await PendingAsync(host, stream));
    }

    [Fact]
    public async Task Handler_RunsPastProcessingTimeout_IsCancelledAndNotRetriedInProcess()
    {
        var stream = TestStreams.Unique();
        var runs = 0;
        var cancelled = 0;
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.MaxDeliveries = 1;
                o.RetryAttempts = 3;
                o.ProcessingTimeout = TimeSpan.FromMilliseconds(200);
            })
            .Handle<OrderPlaced>(async (_, ct) =>
            {
                Interlocked.Increment(ref runs);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                    throw;
                }
            })));

        await PlaceOrderAsync(host, stream, new OrderPlaced("slow", 1));

        var deadLetter = await SingleDeadLetterAsync(host, stream);
        Assert.Equal(DeadLetterErrorTypes.MaxDeliveries, deadLetter[DeadLetterFields.ErrorType].ToString());
        Assert.Contains("processing timeout of 200 ms", deadLetter[DeadLetterFields.ErrorMessage].ToString(), StringComparison.Ordinal);
        Assert.Equal(1, runs);
        Assert.Equal(1, cancelled);
        Assert.Empty(await PendingAsync(host, stream));
    }

    [Fact]
    public async Task ConsumerGroup_EntryDeliveredMoreThanMaxDeliveries_IsDeadLetteredWithoutRunningTheHandler()
    {
        var stream = TestStreams.Unique();
        var runs = 0;
        var host = await CreateHostAsync(events => events.AddConsumerGroup(stream, Group, g => g
            .Configure(o =>
            {
                Quick(o);
                o.MaxDeliveries = 1;
                o.ProcessingTimeout = TimeSpan.FromMilliseconds(200);
            })
            .Handle<OrderPlaced>((_, _) =>
            {
                Interlocked.Increment(ref runs);
                return ValueTask.CompletedTask;
            })));
        var transport = TransportOf(host);
        await transport.EnsureGroupAsync(Keys.Stream(stream), Group, "0", Cancel);
        var id = await PlaceOrderAsync(host, stream, new OrderPlaced("poison", 1));

        // Another consumer took the entry and died with it (a poison entry that crashes its process).
        Assert.Single(await transport.ReadGroupAsync(Keys.Stream(stream), Group, "crashed", ">", 10, null, Cancel));
        await host.StartAsync(Cancel);

        var deadLetter = await SingleDeadLetterAsync(host, stream);
        Assert.Equal(id.ToString(), deadLetter[DeadLetterFields.EntryId].ToString());
        Assert.Equal(DeadLetterErrorTypes.MaxDeliveries, deadLetter[DeadLetterFields.ErrorType].ToString());
        Assert.Equal("2", deadLetter[DeadLetterFields.DeliveryCount].ToString());
        Assert.Equal(0, runs);
        Assert.Empty(await PendingAsync(host, stream));
    }

    [Fact]
    public async Task ConsumerGroup_MalformedEntries_AreDeadLetteredAndTheConsumerKeepsRunning()
    {
        var stream = TestStreams.Unique();
        var handled = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((context, _) =>
        {
            handled.Enqueue(context.Data.OrderId);
            return ValueTask.CompletedTask;
        })));
        var envelope = RawPublisher.Envelope(TestEvents.OrderPlacedType, new OrderPlaced("o-1", 1), TestEventsJsonContext.Default.OrderPlaced);

        var missingId = await RawPublisher.AppendAsync(host, Keys, stream, RawPublisher.Altered(envelope, EnvelopeFields.Id, null));
        var badVersion = await RawPublisher.AppendAsync(host, Keys, stream, RawPublisher.Altered(envelope, EnvelopeFields.Version, "x"));
        var notJson = await RawPublisher.AppendAsync(host, Keys, stream, RawPublisher.Altered(envelope, EnvelopeFields.Data, "not json"));
        await PlaceOrderAsync(host, stream, new OrderPlaced("o-2", 1));

        await Eventually.TrueAsync(() => !handled.IsEmpty, "the valid event after the malformed ones was handled");
        await Eventually.TrueAsync(async () => (await DeadLettersAsync(host, stream)).Count >= 3, "three dead letters were written");
        var deadLetters = await DeadLettersAsync(host, stream);
        Assert.Equal([missingId.ToString(), badVersion.ToString(), notJson.ToString()], deadLetters.Select(d => d[DeadLetterFields.EntryId].ToString()));
        Assert.All(deadLetters, d => Assert.Equal(DeadLetterErrorTypes.Malformed, d[DeadLetterFields.ErrorType].ToString()));
        Assert.Contains("'id'", deadLetters[0][DeadLetterFields.ErrorMessage].ToString(), StringComparison.Ordinal);
        Assert.Contains("'version'", deadLetters[1][DeadLetterFields.ErrorMessage].ToString(), StringComparison.Ordinal);
        Assert.Contains("'data'", deadLetters[2][DeadLetterFields.ErrorMessage].ToString(), StringComparison.Ordinal);
        Assert.Equal("x", deadLetters[1][EnvelopeFields.Version].ToString());
        Assert.Equal(["o-2"], handled);
        await WaitUntilSettledAsync(host, stream);
    }

    [Fact]
    public async Task ConsumerGroup_InvalidData_IsDeadLetteredAsValidation()
    {
        var stream = TestStreams.Unique();
        var runs = 0;
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((_, _) =>
        {
            Interlocked.Increment(ref runs);
            return ValueTask.CompletedTask;
        })));
        var envelope = RawPublisher.Envelope(TestEvents.OrderPlacedType, new OrderPlaced("o-1", 1), TestEventsJsonContext.Default.OrderPlaced) with
        {
            Data = Encoding.UTF8.GetBytes("""{"order_id":"o-1","quantity":0}"""),
        };

        await RawPublisher.PublishAsync(host, Keys, stream, envelope);

        var deadLetter = await SingleDeadLetterAsync(host, stream);
        Assert.Equal(DeadLetterErrorTypes.Validation, deadLetter[DeadLetterFields.ErrorType].ToString());
        Assert.Contains("Quantity", deadLetter[DeadLetterFields.ErrorMessage].ToString(), StringComparison.Ordinal);
        Assert.Equal("""{"order_id":"o-1","quantity":0}""", deadLetter[EnvelopeFields.Data].ToString());
        Assert.Equal(0, runs);
        Assert.Empty(await PendingAsync(host, stream));
    }

    [Fact]
    public async Task ConsumerGroup_NewerVersionThanRegistered_IsDeadLetteredAsUnknownVersion()
    {
        var stream = TestStreams.Unique();
        var runs = 0;
        var host = await StartHostAsync(events => events.AddConsumerGroup(stream, Group, g => g.Configure(Quick).Handle<OrderPlaced>((_, _) =>
        {
            Interlocked.Increment(ref runs);
            return ValueTask.CompletedTask;
        })));

        await RawPublisher.PublishAsync(host, Keys, stream, RawPublisher.Envelope(TestEvents.OrderPlacedType, new OrderPlaced("o-1", 1), TestEventsJsonContext.Default.OrderPlaced, version: 2));

        var deadLetter = await SingleDeadLetterAsync(host, stream);
        Assert.Equal(DeadLetterErrorTypes.UnknownVersion, deadLetter[DeadLetterFields.ErrorType].ToString());
        Assert.Equal("2", deadLetter[EnvelopeFields.Version].ToString());
        Assert.Equal(0, runs);
        Assert.Empty(await PendingAsync(host, stream));
    }

    private async Task<StreamEntry> SingleDeadLetterAsync(Microsoft.Extensions.Hosting.IHost host, string stream)
    {
        await Eventually.TrueAsync(async () => (await DeadLettersAsync(host, stream)).Count > 0, "a dead letter was written");
        return Assert.Single(await DeadLettersAsync(host, stream));
    }
}

public sealed class InMemoryFailureBehaviourTests(RedisServerFixture redis) : FailureBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisFailureBehaviourTests(RedisServerFixture redis) : FailureBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
