using System.Text;
using Fleet.Events.RequestReply;
using Fleet.Events.Tests.Behaviour;
using Fleet.Redis;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Events.Tests.RequestReply;

/// <summary>Request/response (DESIGN.md section 5) on every transport: one shared reader per stream, no missed early responses, clear timeouts.</summary>
public abstract class RequestReplyBehaviour(RedisServerFixture redis) : BehaviourTestBase(redis)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WaitForEventAsync_MatchingEventAppendedLater_CompletesWithThatEventOnly()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var requester = RequesterOf(host);
        var correlationId = Ulid.NewUlid();

        var waiting = requester.WaitForEventAsync(stream, TestEvents.QuoteGivenType, correlationId, Patience, Cancel);
        await AppendAsync(host, stream, TestEvents.QuoteGivenType, Ulid.NewUlid(), "OTHER-ID");
        await AppendAsync(host, stream, TestEvents.OrderShippedType, correlationId, "OTHER-TYPE");
        await AppendAsync(host, stream, TestEvents.QuoteGivenType, correlationId: null, "UNCORRELATED");
        var reader = requester.ReaderFor(stream);
        await Eventually.TrueAsync(() => reader.RememberedCount == 2, "the reader has seen both correlated non-matching events");
        Assert.False(waiting.IsCompleted);

        var expected = await AppendAsync(host, stream, TestEvents.QuoteGivenType, correlationId, "ACME");
        var envelope = await waiting;

        Assert.Equal(expected.Id, envelope.Id);
        Assert.Equal(TestEvents.QuoteGivenType, envelope.Type);
        Assert.Equal(correlationId, envelope.CorrelationId);
        Assert.Contains("\"ACME\"", Encoding.UTF8.GetString(envelope.Data.Span), StringComparison.Ordinal);
        Assert.Equal(0, reader.PendingCount);
    }

    [Fact]
    public async Task WaitForEventAsync_NothingArrives_ThrowsTimeoutNamingTypeAndIdAndForgetsTheWait()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var requester = RequesterOf(host);
        var correlationId = Ulid.NewUlid();

        var error = await Assert.ThrowsAsync<EventWaitTimeoutException>(() =>
            requester.WaitForEventAsync(stream, TestEvents.QuoteGivenType, correlationId, TimeSpan.FromMilliseconds(150), Cancel));

        Assert.Contains(TestEvents.QuoteGivenType, error.Message, StringComparison.Ordinal);
        Assert.Contains(correlationId.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(stream, error.Stream);
        Assert.Equal(TestEvents.QuoteGivenType, error.EventType);
        Assert.Equal(correlationId, error.CorrelationId);
        Assert.Equal(TimeSpan.FromMilliseconds(150), error.Timeout);
        Assert.Equal(0, requester.ReaderFor(stream).PendingCount);
    }

    [Fact]
    public async Task WaitForEventAsync_Cancelled_ThrowsCancellationAndForgetsTheWait()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var requester = RequesterOf(host);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var waiting = requester.WaitForEventAsync(stream, TestEvents.QuoteGivenType, Ulid.NewUlid(), Patience, cancellation.Token);
        Assert.Equal(1, requester.ReaderFor(stream).PendingCount);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, requester.ReaderFor(stream).PendingCount);
    }

    [Fact]
    public async Task WaitForEventAsync_ResponseAppendedBeforeTheFirstWait_CompletesAtOnce()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var requester = RequesterOf(host);
        var correlationId = Ulid.NewUlid();
        var expected = await AppendAsync(host, stream, TestEvents.QuoteGivenType, correlationId, "EARLY");
        Assert.Equal(0, requester.ReaderCount);

        // The reader this wait creates starts ResponseMemory in the past, so it reads the earlier entry.
        var envelope = await requester.WaitForEventAsync(stream, TestEvents.QuoteGivenType, correlationId, Patience, Cancel);

        Assert.Equal(expected.Id, envelope.Id);
    }

    [Fact]
    public async Task WaitForEventAsync_ResponseReadBeforeTheWait_CompletesFromTheReadersMemory()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var requester = RequesterOf(host);
        var reader = requester.ReaderFor(stream);
        var correlationId = Ulid.NewUlid();
        var expected = await AppendAsync(host, stream, TestEvents.QuoteGivenType, correlationId, "EARLY");
        await Eventually.TrueAsync(() => reader.RememberedCount == 1, "the reader has read past the response");

        // The reader never reads that entry again, so only its memory can answer this wait.
        var envelope = await requester.WaitForEventAsync(stream, TestEvents.QuoteGivenType, correlationId, Patience, Cancel);

        Assert.Equal(expected.Id, envelope.Id);
        Assert.Contains("\"EARLY\"", Encoding.UTF8.GetString(envelope.Data.Span), StringComparison.Ordinal);
        Assert.Equal(0, reader.PendingCount);
    }

    [Fact]
    public async Task WaitForEventAsync_SeveralWaitsForOneKey_AllCompleteWithTheSameEvent()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var requester = RequesterOf(host);
        var correlationId = Ulid.NewUlid();

        var waits = Enumerable.Range(0, 3)
            .Select(_ => requester.WaitForEventAsync(stream, TestEvents.QuoteGivenType, correlationId, Patience, Cancel))
            .ToArray();
        var reader = requester.ReaderFor(stream);
        Assert.Equal(1, reader.PendingCount);
        var expected = await AppendAsync(host, stream, TestEvents.QuoteGivenType, correlationId, "ACME");
        var envelopes = await Task.WhenAll(waits);

        Assert.All(envelopes, envelope => Assert.Equal(expected.Id, envelope.Id));
        Assert.Equal(0, reader.PendingCount);
    }

    [Fact]
    public async Task WaitForEventAsync_MalformedCorrelatedEntry_IsSkippedAndTheReaderCarriesOn()
    {
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var requester = RequesterOf(host);
        var correlationId = Ulid.NewUlid();
        var waiting = requester.WaitForEventAsync(stream, TestEvents.QuoteGivenType, correlationId, Patience, Cancel);

        StreamField[] malformed =
        [
            new(EnvelopeFields.Id, "not-a-ulid"),
            new(EnvelopeFields.Type, TestEvents.QuoteGivenType),
            new(EnvelopeFields.CorrelationId, correlationId.ToString()),
            new(EnvelopeFields.Data, "{}"),
        ];
        await TransportOf(host).AppendAsync(Keys.Stream(stream), malformed, null, Cancel);
        var expected = await AppendAsync(host, stream, TestEvents.QuoteGivenType, correlationId, "ACME");

        Assert.Equal(expected.Id, (await waiting).Id);
    }

    [Fact]
    public async Task WaitForEventAsync_FiveThousandConcurrentWaits_EachGetsItsOwnEventFromOneReader()
    {
        const int count = 5_000;
        var stream = TestStreams.Unique();
        var host = await StartHostAsync(_ => { });
        var requester = RequesterOf(host);
        var ids = Enumerable.Range(0, count).Select(_ => Ulid.NewUlid()).ToArray();

        var waits = ids.Select(id => requester.WaitForEventAsync(stream, TestEvents.QuoteGivenType, id, TimeSpan.FromSeconds(30), Cancel)).ToArray();
        var reader = requester.ReaderFor(stream);
        Assert.Equal(count, reader.PendingCount);

        // The responses come in reverse order, so a wait completed by position instead of by id would fail.
        var responses = ids.Select((id, i) => Envelope(TestEvents.QuoteGivenType, id, $"S{i}")).Reverse().ToArray();
        foreach (var chunk in responses.Chunk(500))
        {
            await TransportOf(host).AppendBatchAsync(Keys.Stream(stream), [.. chunk.Select(e => (IReadOnlyList<StreamField>)EnvelopeCodec.Encode(e))], null, Cancel);
        }

        var envelopes = await Task.WhenAll(waits);

        for (var i = 0; i < count; i++)
        {
            Assert.Equal(ids[i], envelopes[i].CorrelationId);
            Assert.Contains($"\"S{i}\"", Encoding.UTF8.GetString(envelopes[i].Data.Span), StringComparison.Ordinal);
        }

        Assert.Equal(1, requester.ReaderCount);
        Assert.Equal(0, reader.PendingCount);
        Assert.Equal(count, reader.RememberedCount);
        Assert.True(reader.Reads <= count, $"{reader.Reads} reads for {count} responses: the waits share the reader's reads");
    }

    [Fact]
    public async Task RequestAsync_ResponderAnswers_ReturnsTheTypedResponseOfEachRequest()
    {
        var requests = TestStreams.Unique();
        var responses = requests + ".responses";
        await StartHostAsync(events =>
        {
            events.Services.AddSingleton(new QuoteDesk(responses));
            events.AddConsumerGroup(requests, "quote-desk", group => group
                .Handle<QuoteRequested, QuoteHandler>()
                .Configure(o => o.BlockTimeout = TimeSpan.FromMilliseconds(200)));
        });
        var requester = (await StartHostAsync(_ => { })).Services.GetRequiredService<IEventRequester>();

        var acme = requester.RequestAsync<QuoteRequested, QuoteGiven>(requests, new QuoteRequested("ACME"), responses, Patience, cancellationToken: Cancel);
        var globex = requester.RequestAsync<QuoteRequested, QuoteGiven>(requests, new QuoteRequested("GLOBEX"), responses, Patience, cancellationToken: Cancel);

        Assert.Equal(new QuoteGiven("ACME", QuoteHandler.PriceOf("ACME")), await acme);
        Assert.Equal(new QuoteGiven("GLOBEX", QuoteHandler.PriceOf("GLOBEX")), await globex);
    }

    [Fact]
    public async Task RequestAsync_GivenCorrelationId_SendsTheRequestWithItAndTimesOutNamingIt()
    {
        var requests = TestStreams.Unique();
        var responses = requests + ".responses";
        var host = await StartHostAsync(_ => { });
        var requester = RequesterOf(host);
        var correlationId = Ulid.NewUlid();

        var error = await Assert.ThrowsAsync<EventWaitTimeoutException>(() => requester.RequestAsync<QuoteRequested, QuoteGiven>(
            requests, new QuoteRequested("ACME"), responses, TimeSpan.FromMilliseconds(200), new PublishOptions { CorrelationId = correlationId, UserId = "user-7" }, Cancel));

        Assert.Equal(correlationId, error.CorrelationId);
        Assert.Equal(TestEvents.QuoteGivenType, error.EventType);
        Assert.Equal(responses, error.Stream);
        Assert.Equal(0, requester.ReaderFor(responses).PendingCount);
        var sent = Assert.Single(await ReadAllAsync(host, Keys.Stream(requests)));
        var request = EnvelopeCodec.Decode(sent.Fields);
        Assert.Equal(TestEvents.QuoteRequestedType, request.Type);
        Assert.Equal(correlationId, request.CorrelationId);
        Assert.Equal("user-7", request.UserId);
    }

    private static EventRequester RequesterOf(IHost host) => (EventRequester)host.Services.GetRequiredService<IEventRequester>();

    private static EventEnvelope Envelope(string type, Ulid? correlationId, string symbol) => new()
    {
        Id = Ulid.NewUlid(),
        Type = type,
        Version = 1,
        Timestamp = DateTimeOffset.UtcNow,
        CorrelationId = correlationId,
        Data = Encoding.UTF8.GetBytes($"{{\"symbol\":\"{symbol}\",\"price\":1.5}}"),
    };

    private async Task<EventEnvelope> AppendAsync(IHost host, string stream, string type, Ulid? correlationId, string symbol)
    {
        var envelope = Envelope(type, correlationId, symbol);
        await TransportOf(host).AppendAsync(Keys.Stream(stream), EnvelopeCodec.Encode(envelope), null, Cancel);
        return envelope;
    }
}

/// <summary>Where the responder of the request/response tests answers.</summary>
public sealed record QuoteDesk(string ResponseStream);

/// <summary>The responder: answers each <see cref="QuoteRequested"/> with a <see cref="QuoteGiven"/> carrying its correlation id.</summary>
public sealed class QuoteHandler(IEventPublisher publisher, QuoteDesk desk) : IEventHandler<QuoteRequested>
{
    public static decimal PriceOf(string symbol) => symbol.Length * 10.25m;

    public async ValueTask HandleAsync(EventContext<QuoteRequested> context, CancellationToken cancellationToken) =>
        await publisher.PublishAsync(desk.ResponseStream, new QuoteGiven(context.Data.Symbol, PriceOf(context.Data.Symbol)), context.FollowUp(), cancellationToken);
}

public sealed class InMemoryRequestReplyBehaviourTests(RedisServerFixture redis) : RequestReplyBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.InMemory;
}

public sealed class RedisRequestReplyBehaviourTests(RedisServerFixture redis) : RequestReplyBehaviour(redis)
{
    protected override TransportKind Kind => TransportKind.Redis;
}
