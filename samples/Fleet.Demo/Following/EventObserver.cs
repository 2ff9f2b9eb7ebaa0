using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fleet.Contracts;
using Fleet.Demo.Market;
using Fleet.Demo.Reporting;
using Fleet.Demo.Scenario;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Demo.Following;

/// <summary>
/// Turns each entry the follower reads into a step of a file's journey, and tells it: which file (by file id, by
/// the upload's correlation id, or by an event id already linked to the file), how long after the upload (the
/// envelope's timestamp), and what it says. Counts every event by stream and type, and keeps the dead letters. Events
/// of no file (the market, price alerts, the reaper's) go to the <see cref="MarketWatch"/>.
/// </summary>
internal sealed class EventObserver(Journeys journeys, Narrator narrator, MarketWatch market)
{
    private static readonly FleetContractsJsonContext Json = FleetContractsJsonContext.Default;
    private readonly Dictionary<string, Dictionary<string, int>> _counts = new(StringComparer.Ordinal);
    private readonly List<DeadLetterSeen> _deadLetters = [];

    /// <summary>Events of this run per stream and type (dead letters not included).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, int>> Counts
    {
        get
        {
            lock (journeys.Gate)
            {
                return _counts.ToDictionary(pair => pair.Key, pair => new Dictionary<string, int>(pair.Value), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Dead letters of this run, on every stream.</summary>
    public IReadOnlyList<DeadLetterSeen> DeadLetters
    {
        get
        {
            lock (journeys.Gate)
            {
                return [.. _deadLetters];
            }
        }
    }

    public void Observe(string stream, bool deadLetters, string key, StreamEntry entry)
    {
        EventEnvelope envelope;
        try
        {
            envelope = EnvelopeCodec.Decode(entry.Fields);
        }
        catch (MalformedEventException e)
        {
            lock (journeys.Gate)
            {
                Count(stream, deadLetters ? null : "(malformed)");
                if (deadLetters)
                {
                    _deadLetters.Add(new DeadLetterSeen(key, entry.Id.ToString(), "(malformed)", null, Text(entry, "dlq_error_type"), Text(entry, "dlq_error_message")));
                }
            }

            narrator.Say($"{key} {entry.Id}: not an envelope ({e.Message})");
            return;
        }

        if (!deadLetters && stream == FleetStreams.Market)
        {
            // Ticks and trends belong to no upload: counted and watched, not matched (thousands of JSON parses saved).
            lock (journeys.Gate)
            {
                Count(stream, envelope.Type);
            }

            market.Observe(envelope);
            return;
        }

        FileJourney? journey;
        lock (journeys.Gate)
        {
            Count(stream, deadLetters ? null : envelope.Type);
            journey = Find(envelope);
            if (journey is not null)
            {
                journeys.Link(envelope.Id.ToString(), journey);
                Trace(journey, envelope);
            }

            if (deadLetters)
            {
                DeadLetter(key, entry, envelope, journey);
            }
            else if (journey is not null)
            {
                if (envelope.CorrelationId?.ToString() == journey.FileId)
                {
                    journey.ConversationIds.Add(envelope.Id.ToString());
                }

                Step(journey, stream, envelope);
            }
        }

        if (!deadLetters && journey is null)
        {
            market.Observe(envelope);
        }
    }

    /// <summary>After a read: matches deliveries that came before their events and wakes the waiting driver.</summary>
    public void BatchDone()
    {
        lock (journeys.Gate)
        {
            journeys.RetryUnmatched();
        }

        journeys.Pulse();
    }

    private void Step(FileJourney journey, string stream, EventEnvelope envelope)
    {
        var since = envelope.Timestamp - journey.UploadedAt;
        var name = journey.Sample.Name;
        switch (envelope.Type)
        {
            case "file.processing.started" when Read(envelope, Json.FileProcessingStarted) is { } started:
                narrator.Step(name, "started", since, $"file-processor took it (priority {started.Priority.ToString().ToLowerInvariant()})");
                break;
            case "file.text.extracted" when Read(envelope, Json.FileTextExtracted) is { } text:
                journey.Text = text;
                narrator.Step(name, "text", since, $"{text.Format}: {text.Characters:N0} chars, {text.Words:N0} words -> {text.Chunks} chunks ({text.ExtractionMilliseconds:N0} ms)");
                break;
            case "embedding.generation.requested" when Read(envelope, Json.EmbeddingGenerationRequested) is { } request:
                narrator.Step(name, "embed asked", since, $"{request.ChunkCount} chunks on {stream}");
                break;
            case "embedding.generation.completed" when Read(envelope, Json.EmbeddingGenerationCompleted) is { } vectors:
                journey.Vectors = vectors;
                narrator.Step(name, "vectors", since, $"{vectors.Keys.Count} vectors stored ({vectors.Model}, {vectors.Dimensions} dims)");
                break;
            case "embedding.generation.failed" when Read(envelope, Json.EmbeddingGenerationFailed) is { } failed:
                narrator.Step(name, "vectors FAILED", since, $"{failed.Reason}: {failed.Message}", failure: true);
                break;
            case "file.processed" when Read(envelope, Json.FileProcessed) is { } processed:
                journey.Processed = processed;
                narrator.Step(name, "processed", since, $"{processed.Chunks} chunks -> {processed.Vectors} vectors (extract {processed.ExtractionMilliseconds:N0} ms, embed {processed.EmbeddingMilliseconds:N0} ms, total {processed.TotalMilliseconds:N0} ms)");
                break;
            case "file.processing.failed" when Read(envelope, Json.FileProcessingFailed) is { } failure:
                journey.Failed = failure;
                narrator.Step(name, "FAILED", since, $"{failure.Reason}: {failure.Message}", failure: journey.Sample.MustSucceed);
                break;
            case "notification.requested" when Read(envelope, Json.NotificationRequested) is { } notification:
                journey.NotificationIds.Add(envelope.Id.ToString());
                narrator.Step(name, "notify", since, $"{notification.Topic}: \"{notification.Subject}\"");
                break;
            case "notification.delivered" when Read(envelope, Json.NotificationDelivered) is { } delivered:
                journey.Delivered[delivered.Channel] = delivered;
                narrator.Step(name, "notified", since, $"{Channel(delivered.Channel)} ({delivered.Attempts} attempt{(delivered.Attempts == 1 ? "" : "s")})");
                break;
            case "notification.failed" when Read(envelope, Json.NotificationFailed) is { } undelivered:
                journey.NotDelivered[undelivered.Channel] = undelivered;
                narrator.Step(name, "notify FAILED", since, $"{Channel(undelivered.Channel)}: {undelivered.Reason} after {undelivered.Attempts} attempts: {undelivered.Message}", failure: true);
                break;
            default:
                break;
        }
    }

    private void DeadLetter(string key, StreamEntry entry, EventEnvelope envelope, FileJourney? journey)
    {
        var errorType = Text(entry, DeadLetterFields.ErrorType);
        var message = Text(entry, DeadLetterFields.ErrorMessage);
        _deadLetters.Add(new DeadLetterSeen(key, entry.Id.ToString(), envelope.Type, journey?.Sample.Name, errorType, message));
        if (journey is null)
        {
            narrator.Say($"dead letter on {key}: {envelope.Type} {envelope.Id}: {errorType}: {message}");
            return;
        }

        if (envelope.Type == "file.uploaded")
        {
            journey.DeadLetter = $"{key} ({errorType}: {message})";
        }

        // The dead letter keeps the original envelope (its timestamp is the upload's): the time shown is when it was read.
        narrator.Step(journey.Sample.Name, "dead letter", narrator.Time.GetUtcNow() - journey.UploadedAt, $"{envelope.Type} -> {key} by {Text(entry, DeadLetterFields.Group)}: {errorType}: {message}", failure: journey.Sample.MustSucceed);
    }

    // The event's file: its data's file id (file.* and embedding.generation.*), a notification's reference, the
    // correlation id (the demo uploads with correlation id = file id, and every FollowUp() keeps it), or its
    // causation id or notification id when that event is linked already.
    private FileJourney? Find(EventEnvelope envelope)
    {
        using var document = JsonDocument.Parse(envelope.Data);
        var data = document.RootElement;
        return journeys.ByFileId(Property(data, "file_id"))
            ?? (envelope.Type.StartsWith("notification.requested", StringComparison.Ordinal) ? journeys.ByFileId(Property(data, "reference")) : null)
            ?? journeys.ByFileId(envelope.CorrelationId?.ToString())
            ?? journeys.ByEventId(envelope.CausationId?.ToString())
            ?? journeys.ByEventId(Property(data, "notification_id"));
    }

    private static void Trace(FileJourney journey, EventEnvelope envelope)
    {
        var traceId = TraceId(envelope.TraceParent);
        if (traceId.Length > 0 && traceId == journey.TraceId)
        {
            journey.TraceEvents++;
        }
    }

    // traceparent = "00-<32 hex trace id>-<16 hex span id>-<flags>" (W3C).
    public static string TraceId(string? traceParent) =>
        traceParent is { Length: 55 } && traceParent[2] == '-' ? traceParent.Substring(3, 32) : string.Empty;

    private void Count(string stream, string? type)
    {
        if (type is null)
        {
            return;
        }

        if (!_counts.TryGetValue(stream, out var types))
        {
            _counts[stream] = types = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        types[type] = types.GetValueOrDefault(type) + 1;
    }

    private static string Channel(NotificationChannel channel) => channel.ToString().ToLowerInvariant();

    private static string? Property(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The envelope's data as <typeparamref name="T"/>, or null when it does not fit (shown, not thrown).</summary>
    public static T? Read<T>(EventEnvelope envelope, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(envelope.Data.Span, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(StreamEntry entry, string field) => entry[field].ToString();
}
