using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;

namespace Fleet.Hosting.Logging;

/// <summary>
/// Adds to every record the service and instance, the trace and span ids of the current activity, and, inside a
/// Fleet.Events span (a delivery's <c>process</c> span or a <c>publish</c> span), its stream, group, event type and
/// event id, so a handler's own records carry them without a log scope. Properties the record already has (the
/// consumer runtime's <c>Stream</c>, <c>Group</c>, <c>EntryId</c>, <c>EventType</c>) win.
/// </summary>
internal sealed class FleetLogEnricher : ILogEventEnricher
{
    /// <summary>The ActivitySource of Fleet.Events (Fleet.Events.Telemetry.FleetEventsTelemetry.Name).</summary>
    private const string EventsSource = "Fleet.Events";

    private static readonly (string Tag, string Property)[] SpanTags =
    [
        ("messaging.destination.name", "Stream"),
        ("messaging.consumer.group.name", "Group"),
        ("fleet.event.type", "EventType"),
        ("messaging.message.id", "EventId"),
        ("fleet.stream.entry_id", "EntryId"),
    ];

    private readonly LogEventProperty _service;
    private readonly LogEventProperty _instance;

    public FleetLogEnricher(string service, string instance)
    {
        _service = new LogEventProperty("Service", new ScalarValue(service));
        _instance = new LogEventProperty("Instance", new ScalarValue(instance));
    }

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        logEvent.AddPropertyIfAbsent(_service);
        logEvent.AddPropertyIfAbsent(_instance);
        var activity = Activity.Current;
        // Serilog captured the ids where the record was written; Activity.Current is the same on this path, and the
        // fallback for records that came through another route.
        var traceId = logEvent.TraceId ?? activity?.TraceId;
        var spanId = logEvent.SpanId ?? activity?.SpanId;
        if (traceId is { } trace && trace != default)
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty("TraceId", new ScalarValue(trace.ToHexString())));
        }

        if (spanId is { } span && span != default)
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty("SpanId", new ScalarValue(span.ToHexString())));
        }

        // The nearest Fleet.Events span of this process: a handler may have started spans of its own below it.
        for (var current = activity; current is not null; current = current.Parent)
        {
            if (current.Source.Name != EventsSource)
            {
                continue;
            }

            foreach (var (tag, property) in SpanTags)
            {
                if (current.GetTagItem(tag) is string value)
                {
                    logEvent.AddPropertyIfAbsent(new LogEventProperty(property, new ScalarValue(value)));
                }
            }

            break;
        }
    }
}
