using System.Diagnostics;
using Fleet.Events.Outbox;
using Fleet.Events.Telemetry;
using Fleet.Redis;

namespace Fleet.Events.Publishing;

/// <summary>Publishing several events in one pipelined call.</summary>
internal sealed partial class EventPublisher
{
    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<PublishResult>> PublishBatchAsync<T>(
        string stream, IReadOnlyList<T> events, PublishOptions? options = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(events);
        var streamKey = StreamKeyOf(stream);
        var fence = options?.Fence;
        if (fence is not null)
        {
            CheckFence(stream, streamKey, fence);
        }

        if (events.Count == 0)
        {
            return [];
        }

        // One producer span for the batch (OpenTelemetry messaging: a batch send); every entry carries its context.
        var first = _registry.Get(events[0]?.GetType() ?? typeof(T));
        var now = _time.GetUtcNow();
        var ids = new Ulid[events.Count];
        ids[0] = Ulid.NewUlid(_time);
        using var activity = FleetEventsTelemetry.StartPublish(stream, first.Name, ids[0], options?.CorrelationId);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.message.id", null);
            activity.SetTag("messaging.batch.message_count", events.Count);
        }

        // Everything is validated and encoded before anything is sent: an invalid event fails the whole batch.
        var entries = new IReadOnlyList<StreamField>[events.Count];
        var metadata = MetadataOf(options);
        for (var i = 0; i < entries.Length; i++)
        {
            var payload = _registry.Serialize(events[i], out var descriptor);
            if (i > 0)
            {
                ids[i] = Ulid.NewUlid(_time);
            }

            entries[i] = Encode(descriptor, descriptor.Version, payload, ids[i], now, options, metadata, activity, stream);
        }

        if (fence is not null)
        {
            return await SendFencedAsync(stream, streamKey, first.Name, ids, entries, now, fence, activity, cancellationToken);
        }

        return await SendBatchAsync(stream, streamKey, first.Name, ids, entries, now, activity, cancellationToken);
    }

    private async ValueTask<IReadOnlyList<PublishResult>> SendBatchAsync(
        string stream, string streamKey, string eventType, Ulid[] ids, IReadOnlyList<StreamField>[] entries, DateTimeOffset now, Activity? activity,
        CancellationToken cancellationToken)
    {
        if (_spoolWhenUnavailable && !_spool.IsDirect)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_spool.Route(new QueuedPublish(stream, streamKey, eventType, entries)) is { } queued)
            {
                return Results(ids, await AwaitQueuedAsync(queued, stream, eventType, ids[0], entries.Length, activity));
            }
        }

        RedisStreamId[] entryIds;
        try
        {
            entryIds = await _transport.AppendBatchAsync(streamKey, entries, _options.RetentionFor(stream).ToTrim(now), cancellationToken);
        }
        catch (Exception e) when (_spoolWhenUnavailable && _transport.IsUnavailable(e))
        {
            // Some XADDs of the pipeline may have reached Redis; the replay adds them again (at-least-once).
            var queued = _spool.Spool(new QueuedPublish(stream, streamKey, eventType, entries));
            return Results(ids, await AwaitQueuedAsync(queued, stream, eventType, ids[0], entries.Length, activity));
        }
        catch (Exception e)
        {
            FleetEventsTelemetry.RecordError(activity, e);
            Count(stream, eventType, Failed, entries.Length);
            if (_transport.IsUnavailable(e))
            {
                throw new FleetEventsException(
                    $"Redis is unreachable; a batch of {entries.Length} event(s) of type '{eventType}' (first {ids[0]}) was not published to '{stream}'. " +
                    "Set Fleet:Events:WhenUnavailable to Outbox to spool events locally while Redis is down.", e);
            }

            throw;
        }

        Count(stream, eventType, Sent, entries.Length);
        return Results(ids, entryIds);
    }

    /// <summary>One result per event: with its entry id, or spooled when <paramref name="entryIds"/> is null.</summary>
    private static PublishResult[] Results(Ulid[] ids, RedisStreamId[]? entryIds)
    {
        var results = new PublishResult[ids.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = new PublishResult(ids[i], entryIds?[i]);
        }

        return results;
    }
}
