using System.Text.Unicode;
using Fleet.Events.DeadLetters;
using Fleet.Events.Telemetry;
using Fleet.Events.Transport;
using Fleet.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;

namespace Fleet.Events.Consumers;

/// <summary>
/// Processes one entry of a consumer group (DESIGN.md section 4), in this order: a deleted entry is acknowledged and
/// counted as lost; an entry larger than <see cref="FleetEventsOptions.MaxEventBytes"/> or not an envelope is dead-lettered; a type the group has no handler for is
/// acknowledged without work; an entry delivered more than <see cref="ConsumerGroupOptions.MaxDeliveries"/> times is
/// dead-lettered without running the handler (a poison entry that crashes the process stops there); data of an
/// unknown version or failing validation is dead-lettered; with the idempotency guard, an event already handled is
/// acknowledged as a duplicate; then the handler runs (<see cref="RunAsync"/>). <see cref="Prepare"/> is the cheap,
/// synchronous part, so the ordered stage of a partitioned dispatcher can run it for every entry. The processor
/// settles each entry it is given in the <see cref="PrefetchWindow"/>: at once, or after its XACK for acknowledged ones.
/// </summary>
internal sealed partial class DeliveryProcessor
{
    internal const string UnregisteredTypeTag = "unregistered";
    private const int MaxLoggedTypeLength = 128;
    private const string OutcomeAcked = "acked";
    private const string OutcomeRetryLater = "retry_later";
    private const string OutcomeDeadLettered = "dead_lettered";
    private const string OutcomeNoHandler = "no_handler";
    private const string OutcomeDuplicate = "duplicate";
    private const string OutcomeReleased = "released";

    private readonly ConsumerIdentity _identity;
    private readonly ConsumerGroupOptions _options;
    private readonly IEventTransport _transport;
    private readonly EventTypeRegistry _registry;
    private readonly Dictionary<string, GroupHandler> _handlers;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AckBatcher _acks;
    private readonly PrefetchWindow _window;
    private readonly DeadLetterWriter _deadLetters;
    private readonly ResiliencePipeline? _retry;
    private readonly CancellationToken _abort;
    private readonly bool _partitioned;
    private readonly long _maxEntryBytes;

    public DeliveryProcessor(
        ConsumerIdentity identity,
        ConsumerGroupOptions options,
        IEventTransport transport,
        EventTypeRegistry registry,
        Dictionary<string, GroupHandler> handlers,
        IServiceScopeFactory scopes,
        TimeProvider time,
        ILogger logger,
        AckBatcher acks,
        PrefetchWindow window,
        DeadLetterWriter deadLetters,
        long maxEntryBytes,
        CancellationToken abort)
    {
        _maxEntryBytes = maxEntryBytes;
        _identity = identity;
        _options = options;
        _transport = transport;
        _registry = registry;
        _handlers = handlers;
        _scopes = scopes;
        _time = time;
        _logger = logger;
        _acks = acks;
        _window = window;
        _deadLetters = deadLetters;
        _abort = abort;
        _partitioned = options.Concurrency > 1;
        _retry = options.RetryAttempts > 0 ? BuildRetryPipeline(options, time, abort) : null;
    }

    /// <summary>
    /// Steps a-e: decides synchronously whether <paramref name="entry"/> is ready for its handler. Entries finished here
    /// (deleted, no handler) are queued for acknowledgement; dead letters are left to the caller (they need Redis).
    /// </summary>
    public Verdict Prepare(StreamEntry entry, long deliveryCount, long admittedAt, out Delivery delivery, out DeadLetterReason reason)
    {
        delivery = default;
        reason = default;
        if (entry.IsDeleted)
        {
            // XREADGROUP of pending history (or a claim on Redis 6.2) returns an entry trimmed or deleted while pending:
            // it cannot be processed; acknowledging it clears the pending list. The loss is counted once that XACK
            // removed it: a claim sweep here or on another consumer may meet the same entry and remove it first.
            if (!_acks.AddLost(entry.Id))
            {
                _window.Complete(entry.Id);
            }

            return Verdict.Done;
        }

        EventEnvelope envelope;
        try
        {
            envelope = EnvelopeCodec.DecodeDeferringData(entry.Fields, _maxEntryBytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Decoding is a pure function of the entry's bytes: whatever it throws, a redelivery throws again, so any
            // failure is the entry's (a reader bug included) and it is dead-lettered instead of staying pending forever.
            var message = e is MalformedEventException ? e.Message : $"The entry could not be read ({e.GetType().Name}): {e.Message}";
            reason = new(DeadLetterErrorTypes.Malformed, message, e, TypeOf(entry));
            return Verdict.DeadLetter;
        }

        if (!_handlers.TryGetValue(envelope.Type, out var handler))
        {
            // Malformed whatever its type (docs/events.md): no deserializer reads this data, so it is checked here.
            if (IsMalformedData(envelope, out reason))
            {
                return Verdict.DeadLetter;
            }

            Acknowledge(entry.Id);
            CountConsumed(envelope.Type, OutcomeNoHandler);
            Log.NoHandler(_logger, _identity.Stream, _identity.Group, entry.Id, envelope.Type);
            return Verdict.Done;
        }

        if (deliveryCount > _options.MaxDeliveries)
        {
            reason = new(DeadLetterErrorTypes.MaxDeliveries, $"Exceeded {_options.MaxDeliveries} deliveries (delivery {deliveryCount}); the handler was not run again.", null, envelope.Type);
            return Verdict.DeadLetter;
        }

        // The deserializer skips a property its contract does not have without decoding it: bytes that are not UTF-8 are
        // looked for here (vectorized, a few nanoseconds), since a skipped property would otherwise let them through.
        if (!Utf8.IsValid(envelope.Data.Span) && IsMalformedData(envelope, out reason))
        {
            return Verdict.DeadLetter;
        }

        object data;
        try
        {
            data = _registry.Deserialize(handler.Descriptor, envelope.Version, envelope.Data);
        }
        catch (Exception e) when (e is not OutOfMemoryException && IsMalformedData(envelope, out reason))
        {
            // The data is not a JSON object at all (its syntax, its depth, null, an array): malformed, as Decode would
            // have said, rather than the type's validation. Checked only now, so the common path parses data once.
            return Verdict.DeadLetter;
        }
        catch (UnknownEventVersionException e)
        {
            reason = new(DeadLetterErrorTypes.UnknownVersion, e.Message, e, envelope.Type);
            return Verdict.DeadLetter;
        }
        catch (EventValidationException e)
        {
            reason = new(DeadLetterErrorTypes.Validation, e.Message, e, envelope.Type);
            return Verdict.DeadLetter;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An upcaster registered by the application threw: the data cannot be read into the current version.
            reason = new(DeadLetterErrorTypes.Validation, $"Event '{envelope.Type}' v{envelope.Version} could not be read: {e.Message}", e, envelope.Type);
            return Verdict.DeadLetter;
        }

        string? partitionKey = null;
        if (_partitioned)
        {
            try
            {
                partitionKey = handler.Registration.PartitionKey(data);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                reason = new(DeadLetterErrorTypes.Permanent, $"The partition key of '{envelope.Type}' could not be computed: {e.Message}", e, envelope.Type);
                return Verdict.DeadLetter;
            }
        }

        delivery = new Delivery(entry, deliveryCount, envelope, data, handler, partitionKey, admittedAt);
        return Verdict.Ready;
    }

    /// <summary>True (with the dead letter's reason naming <c>data</c>) when the envelope's data is not one JSON object.</summary>
    private static bool IsMalformedData(EventEnvelope envelope, out DeadLetterReason reason)
    {
        try
        {
            EnvelopeCodec.CheckData(envelope.Data.Span);
            reason = default;
            return false;
        }
        catch (MalformedEventException e)
        {
            reason = new(DeadLetterErrorTypes.Malformed, e.Message, e, envelope.Type);
            return true;
        }
    }

    /// <summary>Processes an entry from start to end: <see cref="Prepare"/>, then the handler or the dead letter.</summary>
    public ValueTask ProcessAsync(StreamEntry entry, long deliveryCount, long admittedAt, WorkerSlot slot)
    {
        return Prepare(entry, deliveryCount, admittedAt, out var delivery, out var reason) switch
        {
            Verdict.Ready => RunAsync(delivery, slot),
            Verdict.DeadLetter => DeadLetterAsync(entry, deliveryCount, reason),
            _ => ValueTask.CompletedTask,
        };
    }

    /// <summary>Moves the entry to the dead-letter stream; when that fails it stays pending and comes back.</summary>
    public async ValueTask DeadLetterAsync(StreamEntry entry, long deliveryCount, DeadLetterReason reason)
    {
        try
        {
            var written = await _deadLetters.WriteAsync(entry, deliveryCount, reason, _abort);
            EndStreak(_deadLetterFailures);

            // Not pending any more: another consumer finished it, so it was not dead-lettered here (as before).
            CountConsumed(reason.EventType, written ? OutcomeDeadLettered : OutcomeRetryLater);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_abort.IsCancellationRequested)
        {
            if (FirstOfStreak(_deadLetterFailures, e, entry.Id))
            {
                Log.DeadLetterFailed(_logger, _identity.Stream, _identity.Group, entry.Id, reason.EventType, e.Message);
            }

            CountConsumed(reason.EventType, OutcomeRetryLater);
        }
        finally
        {
            _window.Complete(entry.Id);
        }
    }

    /// <summary>
    /// Queues the entry's XACK. Its slot in the window stays taken until the XACK returned (<see cref="AckBatcher"/>), so a
    /// claim in the meantime cannot hand this consumer the same entry again.
    /// </summary>
    private void Acknowledge(RedisStreamId id)
    {
        if (!_acks.Add(id))
        {
            // Stop ended the acknowledgements: the entry stays pending and is delivered again.
            _window.Complete(id);
        }
    }

    /// <summary>Counts an entry left pending at stop, to be finished by the next start or another instance.</summary>
    public void Released(StreamEntry entry) => CountConsumed(entry.IsDeleted ? string.Empty : TypeOf(entry), OutcomeReleased);

    /// <summary>A malformed entry's type for logs, cut to <see cref="MaxLoggedTypeLength"/> characters: a producer can write megabytes there.</summary>
    private static string TypeOf(StreamEntry entry)
    {
        var type = entry[EnvelopeFields.Type];
        if (type.IsNullOrEmpty)
        {
            return "unknown";
        }

        var text = type.ToString();
        return text.Length <= MaxLoggedTypeLength ? text : string.Concat(text.AsSpan(0, MaxLoggedTypeLength), "…");
    }

    private void CountConsumed(string eventType, string outcome, long count = 1)
    {
        if (!FleetEventsTelemetry.Consumed.Enabled)
        {
            return;
        }

        var tags = _identity.GroupTags;
        tags.Add("type", TypeTag(eventType));
        tags.Add("outcome", outcome);
        FleetEventsTelemetry.Consumed.Add(count, tags);
    }

    /// <summary>
    /// The type as a metric tag: a registered type's name, else <see cref="UnregisteredTypeTag"/>. A producer can write
    /// any string as a type (a malformed entry, an unknown type); tagging those verbatim would let hostile input grow
    /// the metric's series without bound.
    /// </summary>
    private string TypeTag(string eventType) =>
        eventType.Length == 0 || _handlers.ContainsKey(eventType) || _registry.TryGet(eventType, out _) ? eventType : UnregisteredTypeTag;

    private void RecordHandled(string eventType, string outcome, DateTimeOffset publishedAt)
    {
        CountConsumed(eventType, outcome);
        RecordLatency(eventType, publishedAt);
    }

    private void RecordLatency(string eventType, DateTimeOffset publishedAt)
    {
        if (FleetEventsTelemetry.EndToEndLatency.Enabled)
        {
            var tags = _identity.GroupTags;
            tags.Add("type", eventType);
            FleetEventsTelemetry.EndToEndLatency.Record(Math.Max(0, (_time.GetUtcNow() - publishedAt).TotalSeconds), tags);
        }
    }
}
