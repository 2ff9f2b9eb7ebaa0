using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fleet.Redis;

namespace Fleet.Events.Telemetry;

/// <summary>
/// The one <see cref="ActivitySource"/> and <see cref="Meter"/> of Fleet.Events (both named <c>Fleet.Events</c>),
/// with the instruments of DESIGN.md section 8. Spans follow the OpenTelemetry messaging conventions: a
/// producer span <c>publish {stream}</c> and a consumer span <c>process {stream}</c> whose parent is the
/// producer span, carried across processes in the entry's <c>traceparent</c>.
/// </summary>
internal static class FleetEventsTelemetry
{
    public const string Name = "Fleet.Events";

    public static readonly ActivitySource Source = new(Name, typeof(FleetEventsTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(FleetEventsTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Events published, by stream, type and outcome (<c>sent</c>, <c>spooled</c>, <c>scheduled</c>, <c>failed</c>).</summary>
    public static readonly Counter<long> Published = Meter.CreateCounter<long>("fleet.events.published", "{event}", "Events published, by stream, type and outcome.");

    /// <summary>
    /// Deliveries finished, by stream, group, type and outcome (<c>acked</c>, <c>retry_later</c>, <c>dead_lettered</c>,
    /// <c>no_handler</c>, <c>duplicate</c>, <c>released</c>).
    /// </summary>
    public static readonly Counter<long> Consumed = Meter.CreateCounter<long>("fleet.events.consumed", "{event}", "Deliveries handled, by stream, group, type and outcome.");

    /// <summary>Handler run time in seconds, by stream, group, type and outcome.</summary>
    public static readonly Histogram<double> HandlerDuration = Meter.CreateHistogram<double>("fleet.events.handler.duration", "s", "Handler run time.");

    /// <summary>Publish-to-handled time in seconds (envelope timestamp to acknowledgement), by stream, group and type.</summary>
    public static readonly Histogram<double> EndToEndLatency = Meter.CreateHistogram<double>("fleet.events.end_to_end.latency", "s", "Time from publish to handled.");

    /// <summary>Entries moved to a dead-letter stream, by stream, group and error type.</summary>
    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("fleet.events.dead_lettered", "{event}", "Entries moved to a dead-letter stream.");

    /// <summary>Pending entries that were trimmed or deleted before the group processed them, by stream and group.</summary>
    public static readonly Counter<long> LostBeforeProcessing = Meter.CreateCounter<long>("fleet.events.lost_before_processing", "{event}", "Pending entries deleted or trimmed before they were processed.");

    /// <summary>Consumer groups found missing and re-created, by stream and group.</summary>
    public static readonly Counter<long> GroupsRecreated = Meter.CreateCounter<long>("fleet.events.groups.recreated", "{group}", "Consumer groups re-created after Redis lost them.");

    /// <summary>Request duration in seconds, by stream, type and outcome (<c>answered</c>, <c>timeout</c>).</summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("fleet.events.request.duration", "s", "Time from request to response.");

    /// <summary>Requests and waits that timed out, by stream and type.</summary>
    public static readonly Counter<long> RequestTimeouts = Meter.CreateCounter<long>("fleet.events.request.timeouts", "{request}", "Waits that timed out.");

    /// <summary>Starts the producer span of a publish; null, with no span name even formatted, when nobody listens.</summary>
    public static Activity? StartPublish(string stream, string eventType, Ulid eventId, Ulid? correlationId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"publish {stream}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            SetCommonTags(activity, stream, "publish", "send", eventType, eventId, correlationId);
        }

        return activity;
    }

    /// <summary>
    /// Starts the consumer span of a delivery as a child of the publish span in <paramref name="envelope"/>; it carries
    /// the stream entry id as <c>fleet.stream.entry_id</c> (no messaging convention names one), so logs can name it.
    /// </summary>
    public static Activity? StartProcess(string stream, string group, EventEnvelope envelope, RedisStreamId entryId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(envelope.TraceParent, envelope.TraceState, isRemote: true, out var parent);
        var activity = Source.StartActivity($"process {stream}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            SetCommonTags(activity, stream, "process", "process", envelope.Type, envelope.Id, envelope.CorrelationId);
            activity.SetTag("messaging.consumer.group.name", group);
            activity.SetTag("fleet.stream.entry_id", entryId.ToString());
        }

        return activity;
    }

    /// <summary>
    /// Starts the consumer span of a batch handler's call (OpenTelemetry messaging conventions for batches): one span for
    /// the batch, linked to each entry's publish span, with <c>messaging.batch.message_count</c>; a batch of one is the
    /// child of its publish span, as a per-event delivery. Null, with nothing parsed, when nobody listens.
    /// </summary>
    public static Activity? StartProcessBatch(string stream, string group, string eventType, IReadOnlyList<Consumers.Delivery> deliveries)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        if (deliveries.Count == 1)
        {
            return StartProcess(stream, group, deliveries[0].Envelope, deliveries[0].Entry.Id);
        }

        var links = new List<ActivityLink>(deliveries.Count);
        foreach (var delivery in deliveries)
        {
            if (ActivityContext.TryParse(delivery.Envelope.TraceParent, delivery.Envelope.TraceState, isRemote: true, out var producer))
            {
                links.Add(new ActivityLink(producer));
            }
        }

        var activity = Source.StartActivity($"process {stream}", ActivityKind.Consumer, parentContext: default, tags: null, links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "redis");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", stream);
            activity.SetTag("messaging.consumer.group.name", group);
            activity.SetTag("messaging.batch.message_count", deliveries.Count);
            activity.SetTag("fleet.event.type", eventType);
        }

        return activity;
    }

    /// <summary>The W3C trace context to write into an envelope: the publish span's, else the caller's current one.</summary>
    public static (string? TraceParent, string? TraceState) CurrentTraceContext(Activity? publish)
    {
        var activity = publish ?? Activity.Current;
        return activity is { IdFormat: ActivityIdFormat.W3C } ? (activity.Id, activity.TraceStateString) : (null, null);
    }

    /// <summary>Marks <paramref name="activity"/> failed with <paramref name="error"/>'s type and message.</summary>
    public static void RecordError(Activity? activity, Exception error)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.SetTag("error.type", error.GetType().FullName);
    }

    private static void SetCommonTags(Activity activity, string stream, string operation, string operationType, string eventType, Ulid eventId, Ulid? correlationId)
    {
        activity.SetTag("messaging.system", "redis");
        activity.SetTag("messaging.operation.name", operation);
        activity.SetTag("messaging.operation.type", operationType);
        activity.SetTag("messaging.destination.name", stream);
        activity.SetTag("messaging.message.id", eventId.ToString());
        if (correlationId is { } correlation)
        {
            activity.SetTag("messaging.message.conversation_id", correlation.ToString());
        }

        activity.SetTag("fleet.event.type", eventType);
    }
}
