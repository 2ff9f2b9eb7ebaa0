using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NUlid;

namespace Fleet.DeadLetterReaper.Tests.Support;

/// <summary>
/// One test's corner of the shared redis-server: a key prefix of its own, a client, and the test's side of the fleet
/// (dead letters written by hand as DeadLetterWriter writes them, and what ended up where).
/// </summary>
internal sealed class TestFleet : IAsyncDisposable
{
    /// <summary>The source stream of the dead letters the tests write.</summary>
    public const string Source = FleetStreams.Contextual;

    /// <summary>The group the dead letters say gave up on them.</summary>
    public const string WorkerGroup = "worker";

    private TestFleet(RedisClient redis, string prefix)
    {
        Redis = redis;
        Prefix = prefix;
        Keys = new ReaperKeys(new StreamKeys(prefix));
    }

    public RedisClient Redis { get; }

    public string Prefix { get; }

    public ReaperKeys Keys { get; }

    public static async Task<TestFleet> StartAsync(RedisServer server) =>
        new(await RedisClient.ConnectAsync(server.Url, TestContext.Current.CancellationToken), "reaper-test-" + Guid.NewGuid().ToString("N")[..12] + ":");

    public static void Quick(ConsumerGroupOptions options)
    {
        options.BlockTimeout = TimeSpan.FromMilliseconds(200);
        options.ShutdownTimeout = TimeSpan.FromSeconds(2);
        options.RetryDelay = TimeSpan.FromMilliseconds(10);
    }

    /// <summary>An envelope of <c>file.uploaded</c> as a producer writes it, with a new event id.</summary>
    public static (Ulid EventId, StreamField[] Fields) Envelope()
    {
        var id = Ulid.NewUlid();
        var data = new FileUploaded(Ulid.NewUlid().ToString(), "user-1", "a.txt", 3, "text/plain", "file:///tmp/a.txt");
        var fields = EnvelopeCodec.Encode(new EventEnvelope
        {
            Id = id,
            Type = "file.uploaded",
            Version = 1,
            Timestamp = DateTimeOffset.UtcNow,
            Data = JsonSerializer.SerializeToUtf8Bytes(data, FleetContractsJsonContext.Default.FileUploaded),
        });
        return (id, fields);
    }

    /// <summary>XADDs a dead letter of <paramref name="original"/> to the source's <c>:dlq</c>, fields as DeadLetterWriter writes them.</summary>
    public async Task<RedisStreamId> AddDeadLetterAsync(IReadOnlyList<StreamField> original, string errorType, DateTimeOffset failedAt, string stream = Source)
    {
        StreamField[] fields =
        [
            .. original,
            new(DeadLetterFields.SourceStream, stream),
            new(DeadLetterFields.EntryId, "1700000000000-7"),
            new(DeadLetterFields.Group, WorkerGroup),
            new(DeadLetterFields.Consumer, "worker-1"),
            new(DeadLetterFields.DeliveryCount, 5),
            new(DeadLetterFields.ErrorType, errorType),
            new(DeadLetterFields.ErrorMessage, "it failed: " + errorType),
            new(DeadLetterFields.Exception, "System.InvalidOperationException"),
            new(DeadLetterFields.FailedAt, EnvelopeCodec.FormatTimestamp(failedAt)),
        ];
        return (await Redis.XAddAsync(Keys.DeadLetters(stream), fields, cancellationToken: TestContext.Current.CancellationToken))!.Value;
    }

    /// <summary>A dead letter of a new <c>file.uploaded</c>; returns its id in <c>:dlq</c> and the event's id.</summary>
    public async Task<(RedisStreamId DeadLetterId, Ulid EventId)> AddDeadLetterAsync(string errorType, DateTimeOffset failedAt, string stream = Source)
    {
        var (eventId, fields) = Envelope();
        return (await AddDeadLetterAsync(fields, errorType, failedAt, stream), eventId);
    }

    public Task<IReadOnlyList<StreamEntry>> EntriesAsync(string key) => Redis.XRangeAsync(key, cancellationToken: TestContext.Current.CancellationToken).AsTask();

    /// <summary>The events of <paramref name="type"/> on system.events, decoded.</summary>
    public async Task<IReadOnlyList<T>> SystemEventsAsync<T>(string type, JsonTypeInfo<T> contract)
    {
        var entries = await EntriesAsync(Keys.Stream(FleetStreams.System));
        return [.. entries
            .Select(entry => EnvelopeCodec.Decode(entry.Fields))
            .Where(envelope => envelope.Type == type)
            .Select(envelope => JsonSerializer.Deserialize(envelope.Data.Span, contract)!)];
    }

    /// <summary>Waits until <paramref name="count"/> events of <paramref name="type"/> are on system.events, and returns them.</summary>
    public Task<IReadOnlyList<T>> WaitForEventsAsync<T>(string type, JsonTypeInfo<T> contract, int count) =>
        Eventually.UntilAsync(() => SystemEventsAsync(type, contract), events => events.Count >= count, $"{count} {type} event(s)");

    /// <summary>Dead letters of <paramref name="stream"/> pending in the reaper's group.</summary>
    public async Task<long> ReaperPendingAsync(string stream = Source) =>
        (await Redis.XPendingAsync(Keys.DeadLetters(stream), ReaperKeys.Group, TestContext.Current.CancellationToken)).Count;

    /// <summary>Waits until the source's <c>:dlq</c> is empty, nothing is pending in the reaper's group and every decision was announced.</summary>
    public Task WaitAllDecidedAsync(string stream = Source) =>
        Eventually.TrueAsync(
            async () => (await EntriesAsync(Keys.DeadLetters(stream))).Count == 0
                && await ReaperPendingAsync(stream) == 0
                && (await EntriesAsync(Keys.Decisions(stream))).Count == 0,
            $"every dead letter of {stream} decided and announced, nothing pending");

    public static string Text(StreamEntry entry, string field) => entry[field].ToString();

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public ValueTask DisposeAsync() => Redis.DisposeAsync();
}
