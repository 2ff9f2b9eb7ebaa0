using Fleet.Contracts;
using Fleet.EndToEnd.Tests.Fleet;
using Fleet.EndToEnd.Tests.Receivers;
using Fleet.Testing;
using Fleet.Testing.Processes;

namespace Fleet.EndToEnd.Tests.Tracing;

/// <summary>
/// The spans the processes export over OTLP (DESIGN.md section 8): one upload is one trace across file-processor,
/// embedding-generator and notifier, each hop a consumer span whose parent is the producer span of the event it handles.
/// </summary>
[Collection(SharedFleet.Name)]
public sealed class TraceIntegrationTests(FleetFixture fleet)
{
    [Fact]
    public async Task Upload_ThroughTheFleet_OneTraceWithEachConsumerSpanAChildOfItsProducerSpan()
    {
        var user = FleetFixture.NewUser("trace");
        await fleet.SetPreferencesAsync(user, NotificationChannel.Webhook);

        var upload = await fleet.UploadAsync(user, "plain.txt", "text/plain");
        await fleet.ProcessedAsync([upload]);
        await fleet.DeliveredAsync(upload, NotificationChannel.Webhook);

        // The test's publish span is the root: its context travels in the upload's entry (traceparent 00-trace-span-01).
        var traceParent = (await fleet.State.EnvelopeAsync(FleetStreams.Contextual, upload.EntryId)).TraceParent;
        Assert.NotNull(traceParent);
        var parts = traceParent.Split('-');
        var (traceId, rootSpanId) = (parts[1], parts[2]);

        // Every hop of the upload arrives (each process exports 200 ms after a span ends), each under the span before it.
        var spans = await Eventually.UntilAsync(
            () => Task.FromResult(fleet.Traces.InTrace(traceId)),
            found => Hop(found, ServiceBinaries.FileProcessor, "file.uploaded", new HashSet<string>(StringComparer.Ordinal) { rootSpanId }) is { } handled
                && Hop(found, ServiceBinaries.EmbeddingGenerator, "embedding.generation.requested", ProducersUnder(found, handled)) is not null
                && Hop(found, ServiceBinaries.Notifier, "notification.requested", ProducersUnder(found, handled)) is not null,
            $"the spans of trace {traceId} reach file-processor, embedding-generator and notifier, each a child of the hop before",
            FleetFixture.WorkLimit);

        // And no span of the trace is orphaned: every consumer span's parent is a producer span of the trace.
        spans = await Eventually.UntilAsync(
            () => Task.FromResult(fleet.Traces.InTrace(traceId)),
            found => found.Where(s => s.Kind == SpanKind.Consumer).All(s => IsProducer(found, s.ParentSpanId, rootSpanId)),
            $"every consumer span of trace {traceId} has its producer span",
            FleetFixture.WorkLimit);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"trace {traceId}: {string.Join(", ", spans.GroupBy(s => s.ServiceName).Select(g => $"{g.Count()} spans in {g.Key}"))}");
        Assert.Superset(
            new HashSet<string>(ServiceBinaries.All, StringComparer.Ordinal),
            spans.Select(s => s.ServiceName).ToHashSet(StringComparer.Ordinal));
        Assert.DoesNotContain(fleet.Traces.Spans, s => s.TraceId != traceId && s.Attributes.GetValueOrDefault("messaging.message.id") == upload.EventId);
    }

    /// <summary>The consumer span in <paramref name="service"/> that handled an event of <paramref name="eventType"/>, child of one of <paramref name="parents"/>.</summary>
    private static ReceivedSpan? Hop(IReadOnlyList<ReceivedSpan> spans, string service, string eventType, HashSet<string> parents) =>
        spans.FirstOrDefault(s => s.ServiceName == service && s.Kind == SpanKind.Consumer
            && s.Attributes.GetValueOrDefault("fleet.event.type") == eventType && parents.Contains(s.ParentSpanId));

    /// <summary>The producer spans below <paramref name="consumer"/> in its process (its publishes, directly or through inner spans).</summary>
    private static HashSet<string> ProducersUnder(IReadOnlyList<ReceivedSpan> spans, ReceivedSpan consumer)
    {
        var below = new HashSet<string>(StringComparer.Ordinal) { consumer.SpanId };
        bool grew;
        do
        {
            grew = false;
            foreach (var span in spans.Where(s => s.ServiceName == consumer.ServiceName && below.Contains(s.ParentSpanId)))
            {
                grew |= below.Add(span.SpanId);
            }
        }
        while (grew);
        return spans.Where(s => s.Kind == SpanKind.Producer && below.Contains(s.SpanId)).Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsProducer(IReadOnlyList<ReceivedSpan> spans, string spanId, string rootSpanId) =>
        spanId == rootSpanId || spans.Any(s => s.SpanId == spanId && s.Kind == SpanKind.Producer);
}
