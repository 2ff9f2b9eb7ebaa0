using System.Collections.Concurrent;
using System.Diagnostics;
using Fleet.Events.Outbox;
using Fleet.Events.Scheduling;
using Fleet.Events.Telemetry;
using Fleet.Events.Transport;
using Fleet.Redis;
using Microsoft.Extensions.Options;

namespace Fleet.Events.Publishing;

/// <summary>
/// The <see cref="IEventPublisher"/> of a process: validates and serializes with the <see cref="EventTypeRegistry"/>,
/// builds the envelope (DESIGN.md section 3), checks its size and appends it with the stream's retention (XADD with
/// MAXLEN ~ or MINID ~, section 7). When the transport reports Redis unreachable, the
/// <see cref="FleetEventsOptions.WhenUnavailable"/> mode applies (section 6): throw, or spool to the
/// <see cref="OutboxSpool"/>. While the outbox holds events, new ones are spooled behind them (or, once Redis is back
/// and the replay drains the outbox, held in memory behind it) rather than sent, so nothing overtakes an event
/// published earlier; <see cref="OutboxReplayService"/> replays them in order and then hands publishing back.
/// </summary>
internal sealed partial class EventPublisher : IEventPublisher, IJsonEventPublisher
{
    private const string Sent = "sent";
    private const string Spooled = "spooled";
    private const string Scheduled = "scheduled";
    private const string Failed = "failed";

    private readonly IEventTransport _transport;
    private readonly EventTypeRegistry _registry;
    private readonly StreamKeys _keys;
    private readonly FleetEventsOptions _options;
    private readonly TimeProvider _time;
    private readonly OutboxSpool _spool;
    private readonly bool _spoolWhenUnavailable;

    // Stream name → key, so a publish does not build (and validate) the same key string every time.
    private readonly ConcurrentDictionary<string, string> _streamKeys = new(StringComparer.Ordinal);
    private readonly Func<string, string> _makeStreamKey;
    private readonly ScheduledStreams _scheduledStreams;

    public EventPublisher(IEventTransport transport, EventTypeRegistry registry, StreamKeys keys, IOptions<FleetEventsOptions> options, TimeProvider time, OutboxSpool spool, ScheduledStreams scheduledStreams)
    {
        _scheduledStreams = scheduledStreams;
        _transport = transport;
        _registry = registry;
        _keys = keys;
        _options = options.Value;
        _time = time;
        _spool = spool;
        _spoolWhenUnavailable = _options.WhenUnavailable == PublishFailureMode.Outbox;
        _makeStreamKey = keys.Stream;
    }

    /// <inheritdoc/>
    public ValueTask<PublishResult> PublishAsync<T>(string stream, T data, PublishOptions? options = null, CancellationToken cancellationToken = default)
        where T : class
    {
        PreparedEvent prepared;
        var fence = options?.Fence;
        try
        {
            if (fence is not null)
            {
                CheckFence(stream, StreamKeyOf(stream), fence);
            }

            prepared = Prepare(stream, data, options);
        }
        catch (Exception e)
        {
            // A broken rule or a bad argument faults the returned task, as it did when this method was async.
            return ValueTask.FromException<PublishResult>(e);
        }

        return SendPreparedAsync(stream, prepared, fence, cancellationToken);
    }

    /// <summary>Sends one prepared event (fenced when <paramref name="fence"/> is set) and ends its producer span.</summary>
    private async ValueTask<PublishResult> SendPreparedAsync(string stream, PreparedEvent prepared, LeaderFence? fence, CancellationToken cancellationToken)
    {
        using var activity = prepared.Activity;
        if (fence is not null)
        {
            var sent = await SendFencedAsync(stream, prepared.StreamKey, prepared.EventType, [prepared.EventId], [prepared.Fields], prepared.Now, fence, activity, cancellationToken);
            return sent[0];
        }

        return await SendAsync(stream, prepared.StreamKey, prepared.EventType, prepared.EventId, prepared.Fields, prepared.Now, activity, cancellationToken);
    }

    /// <summary>
    /// Validates, serializes and encodes one event under a new producer span (the caller disposes it). A failure
    /// ends the span before it propagates.
    /// </summary>
    private PreparedEvent Prepare<T>(string stream, T data, PublishOptions? options)
        where T : class
    {
        var payload = _registry.Serialize(data, out var descriptor);
        return Prepare(stream, descriptor, descriptor.Version, payload, options);
    }

    /// <summary>As <see cref="Prepare{T}"/>, for data serialized (and validated) already.</summary>
    private PreparedEvent Prepare(string stream, EventTypeDescriptor descriptor, int version, ReadOnlyMemory<byte> payload, PublishOptions? options)
    {
        var streamKey = StreamKeyOf(stream);
        var now = _time.GetUtcNow();
        var eventId = Ulid.NewUlid(_time);
        var activity = FleetEventsTelemetry.StartPublish(stream, descriptor.Name, eventId, options?.CorrelationId);
        try
        {
            return new PreparedEvent(streamKey, descriptor.Name, eventId, now, activity, Encode(descriptor, version, payload, eventId, now, options, MetadataOf(options), activity, stream));
        }
        catch
        {
            activity?.Dispose();
            throw;
        }
    }

    /// <summary>One event ready to send: its stream key, type, id, time, producer span and fields in wire order.</summary>
    private readonly record struct PreparedEvent(string StreamKey, string EventType, Ulid EventId, DateTimeOffset Now, Activity? Activity, StreamField[] Fields);

    private async ValueTask<PublishResult> SendAsync(
        string stream, string streamKey, string eventType, Ulid eventId, StreamField[] fields, DateTimeOffset now, Activity? activity, CancellationToken cancellationToken)
    {
        if (_spoolWhenUnavailable && !_spool.IsDirect)
        {
            // Earlier events wait in the outbox; sending this one now would overtake them.
            cancellationToken.ThrowIfCancellationRequested();
            if (_spool.Route(new QueuedPublish(stream, streamKey, eventType, [fields])) is { } queued)
            {
                return Single(eventId, await AwaitQueuedAsync(queued, stream, eventType, eventId, 1, activity));
            }
        }

        try
        {
            var entryId = await _transport.AppendAsync(streamKey, fields, _options.RetentionFor(stream).ToTrim(now), cancellationToken);
            Count(stream, eventType, Sent);
            return new PublishResult(eventId, entryId);
        }
        catch (Exception e) when (_spoolWhenUnavailable && _transport.IsUnavailable(e))
        {
            // The XADD may have reached Redis before the connection died; then the replay adds it again (at-least-once).
            var queued = _spool.Spool(new QueuedPublish(stream, streamKey, eventType, [fields]));
            return Single(eventId, await AwaitQueuedAsync(queued, stream, eventType, eventId, 1, activity));
        }
        catch (Exception e)
        {
            FleetEventsTelemetry.RecordError(activity, e);
            Count(stream, eventType, Failed);
            if (_transport.IsUnavailable(e))
            {
                throw Unreachable(e, eventId, eventType, stream);
            }

            throw;
        }
    }

    private static PublishResult Single(Ulid eventId, RedisStreamId[]? ids) => new(eventId, ids?[0]);

    /// <summary>
    /// Awaits a publish that went through the outbox (<see cref="OutboxSpool.Route"/> or <see cref="OutboxSpool.Spool"/>):
    /// the entry ids when the replayer sent it behind the outbox, null when it was spooled. The outbox's own errors
    /// (full, disk) and a Redis error reply reach the caller as a direct publish's would.
    /// </summary>
    private async ValueTask<RedisStreamId[]?> AwaitQueuedAsync(Task<RedisStreamId[]?> queued, string stream, string eventType, Ulid firstId, int events, Activity? activity)
    {
        RedisStreamId[]? ids;
        try
        {
            ids = await queued;
        }
        catch (Exception e)
        {
            FleetEventsTelemetry.RecordError(activity, e);
            Count(stream, eventType, Failed, events);
            if (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                var what = events == 1 ? $"event {firstId} of type '{eventType}'" : $"a batch of {events} event(s) of type '{eventType}' (first {firstId})";
                throw new FleetEventsException(
                    $"Redis is unreachable and the outbox in '{_spool.Directory}' cannot take {what}; it was not published, or only in part: {e.Message}", e);
            }

            throw;
        }

        if (ids is null)
        {
            activity?.SetTag("fleet.outbox.spooled", true);
        }

        Count(stream, eventType, ids is null ? Spooled : Sent, events);
        return ids;
    }

    private string StreamKeyOf(string stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return _streamKeys.GetOrAdd(stream, _makeStreamKey);
    }

    private static FleetEventsException Unreachable(Exception error, Ulid eventId, string eventType, string stream) =>
        new($"Redis is unreachable; event {eventId} of type '{eventType}' was not published to '{stream}'. " +
            "Set Fleet:Events:WhenUnavailable to Outbox to spool events locally while Redis is down.", error);

    private static void Count(string stream, string eventType, string outcome, int events = 1) =>
        FleetEventsTelemetry.Published.Add(
            events,
            new KeyValuePair<string, object?>("stream", stream),
            new KeyValuePair<string, object?>("type", eventType),
            new KeyValuePair<string, object?>("outcome", outcome));
}
