using System.Collections.Concurrent;
using System.Diagnostics;
using Fleet.Events.Telemetry;
using Fleet.Events.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Events.RequestReply;

/// <summary>
/// Request/response over streams (DESIGN.md section 5). Waits on a stream share that stream's one
/// <see cref="ResponseReader"/>, created on first use and stopped when the requester is disposed (the DI container
/// disposes it with the host).
/// </summary>
internal sealed class EventRequester : IEventRequester, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, ResponseReader> _readers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly IEventTransport _transport;
    private readonly IEventPublisher _publisher;
    private readonly EventTypeRegistry _registry;
    private readonly StreamKeys _keys;
    private readonly FleetEventsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EventRequester> _logger;
    private bool _disposed;

    public EventRequester(
        IEventTransport transport,
        IEventPublisher publisher,
        EventTypeRegistry registry,
        StreamKeys keys,
        IOptions<FleetEventsOptions> options,
        TimeProvider time,
        ILogger<EventRequester> logger)
    {
        _transport = transport;
        _publisher = publisher;
        _registry = registry;
        _keys = keys;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Readers running in this process, one per stream waited on (for tests and diagnostics).</summary>
    internal int ReaderCount => _readers.Count;

    /// <inheritdoc/>
    public async Task<EventEnvelope> WaitForEventAsync(string stream, string eventType, Ulid correlationId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        CheckTimeout(timeout);
        var reader = ReaderFor(stream);
        var wait = reader.Register(eventType, correlationId, out var remembered);
        try
        {
            if (remembered is { } entryId)
            {
                await reader.FetchAsync(wait, entryId, cancellationToken);
            }

            return await AwaitAsync(reader, wait, timeout, timeout, cancellationToken);
        }
        finally
        {
            reader.Release(wait);
        }
    }

    /// <inheritdoc/>
    public async Task<TResponse> RequestAsync<TRequest, TResponse>(string requestStream, TRequest request, string responseStream, TimeSpan? timeout = null, PublishOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(request);
        StreamKeys.Validate(requestStream);
        var limit = timeout ?? _options.DefaultRequestTimeout;
        CheckTimeout(limit);
        var requestType = _registry.Get(request.GetType()).Name;
        var responseType = _registry.Get<TResponse>().Name;
        var correlationId = options?.CorrelationId ?? Ulid.NewUlid(_time);
        var started = _time.GetTimestamp();
        var outcome = "failed";
        var reader = ReaderFor(responseStream);

        // Registered before the request is sent, so even a responder faster than this method's next line is heard.
        var wait = reader.Register(responseType, correlationId, out _);
        try
        {
            var sendOptions = options is null ? new PublishOptions { CorrelationId = correlationId } : options with { CorrelationId = correlationId };
            await _publisher.PublishAsync(requestStream, request, sendOptions, cancellationToken);
            EventEnvelope response;
            try
            {
                response = await AwaitAsync(reader, wait, Remaining(limit, started), limit, cancellationToken);
            }
            catch (EventWaitTimeoutException)
            {
                outcome = "timeout";
                throw;
            }

            outcome = "answered";
            return (TResponse)_registry.Deserialize(response.Type, response.Version, response.Data);
        }
        finally
        {
            reader.Release(wait);
            FleetEventsTelemetry.RequestDuration.Record(
                _time.GetElapsedTime(started).TotalSeconds,
                new TagList { { "stream", requestStream }, { "type", requestType }, { "outcome", outcome } });
        }
    }

    /// <summary>The reader of <paramref name="stream"/>, created and started on first use.</summary>
    internal ResponseReader ReaderFor(string stream)
    {
        if (_readers.TryGetValue(stream, out var reader))
        {
            return reader;
        }

        // Creation under a lock, so two first waits cannot start two loops on one stream.
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_readers.TryGetValue(stream, out reader))
            {
                reader = new ResponseReader(stream, _keys.Stream(stream), _transport, _options.ResponseMemory, _time, _logger);
                reader.Start();
                _readers[stream] = reader;
            }

            return reader;
        }
    }

    /// <summary>Stops every reader; waits still pending fail with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        ResponseReader[] readers;
        lock (_gate)
        {
            _disposed = true;
            readers = [.. _readers.Values];
            _readers.Clear();
        }

        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }

    /// <summary>Stops every reader (the synchronous form, for containers disposed synchronously).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<EventEnvelope> AwaitAsync(ResponseReader reader, PendingWait wait, TimeSpan duration, TimeSpan reported, CancellationToken cancellationToken)
    {
        if (wait.Task.IsCompleted)
        {
            return await wait.Task;
        }

        try
        {
            return await wait.Task.WaitAsync(duration, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            if (wait.Task.IsCompletedSuccessfully)
            {
                // The event landed as the timer fired: an answer is better than an error.
                return await wait.Task;
            }

            FleetEventsTelemetry.RequestTimeouts.Add(1, new TagList { { "stream", reader.Stream }, { "type", wait.EventType } });
            Log.EventWaitTimedOut(_logger, reader.Stream, wait.EventType, wait.CorrelationId, reported.TotalMilliseconds);
            throw new EventWaitTimeoutException(reader.Stream, wait.EventType, wait.CorrelationId, reported);
        }
    }

    // The timeout covers the publish too: what is left of it for the wait, never negative.
    private TimeSpan Remaining(TimeSpan limit, long started)
    {
        if (limit == Timeout.InfiniteTimeSpan)
        {
            return limit;
        }

        var remaining = limit - _time.GetElapsedTime(started);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private static void CheckTimeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A wait's timeout must be positive (or Timeout.InfiniteTimeSpan).");
        }
    }
}
