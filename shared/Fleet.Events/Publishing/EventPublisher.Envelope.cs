using System.Diagnostics;
using Fleet.Events.Telemetry;
using Fleet.Redis;

namespace Fleet.Events.Publishing;

/// <summary>Building the envelope of one event and checking its size.</summary>
internal sealed partial class EventPublisher
{
    /// <summary>
    /// The entry's fields in wire order, with the trace context of <paramref name="activity"/> (else the caller's) and
    /// <paramref name="metadata"/> (<see cref="MetadataOf"/>, built once per publish call, not per entry of a batch).
    /// Throws <see cref="EventTooLargeException"/> past <see cref="FleetEventsOptions.MaxEventBytes"/>.
    /// </summary>
    private StreamField[] Encode(
        EventTypeDescriptor descriptor, int version, ReadOnlyMemory<byte> payload, Ulid eventId, DateTimeOffset now, PublishOptions? options, IReadOnlyDictionary<string, string>? metadata, Activity? activity, string stream)
    {
        var (traceParent, traceState) = FleetEventsTelemetry.CurrentTraceContext(activity);
        var fields = EnvelopeCodec.Encode(new EventEnvelope
        {
            Id = eventId,
            Type = descriptor.Name,
            Version = version,
            Timestamp = now,
            CorrelationId = options?.CorrelationId,
            CausationId = options?.CausationId,
            UserId = options?.UserId,
            Data = payload,
            Metadata = metadata,
            TraceParent = traceParent,
            TraceState = traceState,
        });

        var size = EncodedSize(fields);
        if (size > _options.MaxEventBytes)
        {
            var error = new EventTooLargeException(descriptor.Name, size, _options.MaxEventBytes);
            FleetEventsTelemetry.RecordError(activity, error);
            Count(stream, descriptor.Name, Failed);
            throw error;
        }

        return fields;
    }

    /// <summary>The metadata of a publish call's entries: the caller's, with the fencing token of a fenced publish.</summary>
    private static IReadOnlyDictionary<string, string>? MetadataOf(PublishOptions? options) =>
        options?.Fence is { } fence ? WithFencingToken(options.Metadata, fence) : options?.Metadata;

    /// <summary>What the entry weighs in Redis's terms: the bytes of every field name and value.</summary>
    private static long EncodedSize(StreamField[] fields)
    {
        long size = 0;
        foreach (var field in fields)
        {
            // Field names are the ASCII constants of EnvelopeFields, so their length is their UTF-8 byte count.
            size += field.Name.Length + field.Value.GetByteCount();
        }

        return size;
    }
}
