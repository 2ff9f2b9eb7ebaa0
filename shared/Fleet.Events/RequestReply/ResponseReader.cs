using System.Collections.Concurrent;
using Fleet.Events.Transport;
using Fleet.Redis;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.RequestReply;

/// <summary>
/// The one reader of a stream in this process that serves every wait on it (DESIGN.md section 5): a loop of
/// XREAD COUNT … BLOCK … without a group, starting <see cref="FleetEventsOptions.ResponseMemory"/> in the past so
/// responses that landed just before the first wait are seen too. Each correlated entry is remembered (its id, by
/// type and correlation id) and completes the waits registered for that key; an entry is decoded only when a wait
/// of this process wants it, so replicas sharing a response stream do not decode each other's answers.
/// </summary>
internal sealed partial class ResponseReader : IAsyncDisposable
{
    /// <summary>Entries per read (XREAD COUNT).</summary>
    internal const int BatchSize = 512;

    /// <summary>How long one read waits for new entries (XREAD BLOCK); a stop cancels it sooner.</summary>
    internal static readonly TimeSpan BlockTimeout = TimeSpan.FromSeconds(5);


    private readonly ConcurrentDictionary<(string Type, Ulid CorrelationId), PendingWait> _waits = new();
    private readonly ResponseMemory _memory;
    private readonly IEventTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private RedisStreamId _position;
    private Task _loop = Task.CompletedTask;
    private long _reads;
    private volatile bool _stopped;

    public ResponseReader(string stream, string key, IEventTransport transport, TimeSpan memory, TimeProvider time, ILogger logger)
    {
        Stream = stream;
        Key = key;
        _transport = transport;
        _time = time;
        _logger = logger;
        _memory = new ResponseMemory(memory, time);

        // Stream ids start with the append time in Unix milliseconds (XADD with an auto id), so this id is
        // "everything appended in the last ResponseMemory".
        var startMilliseconds = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)memory.TotalMilliseconds;
        _position = new RedisStreamId((ulong)Math.Max(startMilliseconds, 0), 0);
    }

    /// <summary>The stream name, e.g. <c>quote.responses</c>.</summary>
    public string Stream { get; }

    /// <summary>The stream's key.</summary>
    public string Key { get; }

    /// <summary>Registered (type, correlation id) keys with at least one waiter (for tests and diagnostics).</summary>
    internal int PendingCount => _waits.Count;

    /// <summary>Correlated events remembered (for tests and diagnostics).</summary>
    internal int RememberedCount => _memory.Count;

    /// <summary>XREAD calls made so far (for tests and diagnostics).</summary>
    internal long Reads => Interlocked.Read(ref _reads);

    /// <summary>Starts the read loop; called once, by the requester that created the reader.</summary>
    public void Start()
    {
        Log.ResponseReaderStarted(_logger, Stream, _position);
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>
    /// Registers a wait for <paramref name="eventType"/> with <paramref name="correlationId"/>, then looks in the
    /// memory. Register first, look second: the loop remembers first and completes registered waits second, so
    /// whichever runs last sees the other's write and an event arriving meanwhile is never missed. When the event
    /// was seen already, <paramref name="remembered"/> is its entry id: pass it to <see cref="FetchAsync"/>.
    /// Call <see cref="Release"/> with the result in every outcome.
    /// </summary>
    public PendingWait Register(string eventType, Ulid correlationId, out RedisStreamId? remembered)
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        var key = (eventType, correlationId);
        PendingWait wait;
        do
        {
            wait = _waits.GetOrAdd(key, static k => new PendingWait(k.Type, k.CorrelationId));
        }
        while (!wait.TryJoin());

        // A full fence between the registration (store) and the memory look-up (load); the loop has its twin.
        Interlocked.MemoryBarrier();
        remembered = _memory.TryGet(eventType, correlationId, out var entryId) ? entryId : null;
        if (_stopped)
        {
            wait.Fail(new ObjectDisposedException(nameof(ResponseReader), $"The response reader of '{Stream}' stopped."));
        }

        return wait;
    }

    /// <summary>
    /// Reads the remembered entry <paramref name="entryId"/> again (XREAD COUNT 1 STREAMS key id-1, no BLOCK) and
    /// completes <paramref name="wait"/> with it. An entry trimmed meanwhile or malformed leaves the wait to its timeout.
    /// </summary>
    public async ValueTask FetchAsync(PendingWait wait, RedisStreamId entryId, CancellationToken cancellationToken)
    {
        var entries = await _transport.ReadAsync(Key, Before(entryId), 1, block: null, cancellationToken);
        if (entries.Count == 1 && entries[0].Id == entryId && TryDecode(entries[0], out var envelope))
        {
            wait.Complete(envelope);
        }
    }

    /// <summary>Ends one waiter's interest; the registration goes when its last waiter leaves.</summary>
    public void Release(PendingWait wait)
    {
        if (wait.Leave())
        {
            _waits.TryRemove(KeyValuePair.Create((wait.EventType, wait.CorrelationId), wait));
        }
    }

    /// <summary>Stops the loop and fails the waits still registered with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation; nothing else escapes it.
        }

        foreach (var wait in _waits.Values)
        {
            wait.Fail(new ObjectDisposedException(nameof(ResponseReader), $"The response reader of '{Stream}' stopped."));
        }

        _stopping.Dispose();
        Log.ResponseReaderStopped(_logger, Stream);
    }
}
