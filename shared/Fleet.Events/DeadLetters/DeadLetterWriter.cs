using System.Diagnostics;
using Fleet.Events.Consumers;
using Fleet.Events.Telemetry;
using Fleet.Events.Transport;
using Fleet.Redis;
using Microsoft.Extensions.Logging;

namespace Fleet.Events.DeadLetters;

/// <summary>
/// Moves an entry a group gave up on to its stream's <c>:dlq</c> (DESIGN.md section 4): the original fields in their
/// order, then <see cref="DeadLetterFields"/>. The XADD to the dead-letter stream and the XACK of the original are one
/// atomic step of the transport, so an entry is never both dead-lettered and still pending, nor lost between the two.
/// </summary>
internal sealed class DeadLetterWriter(IEventTransport transport, ConsumerIdentity identity, StreamRetention retention, TimeProvider time, ILogger logger)
{
    // A reason is a sentence, not a document: long exception messages are cut so a dead letter stays small.
    private const int MaxMessageLength = 2000;

    /// <summary>
    /// Writes the dead letter and acknowledges the original. A transport failure is thrown to the caller, which counts it
    /// with the other failures of an outage (the entry stays pending and is delivered again, so it is not lost). An entry
    /// no longer pending (another consumer finished it meanwhile) is left alone: false then.
    /// </summary>
    public async ValueTask<bool> WriteAsync(StreamEntry entry, long deliveryCount, DeadLetterReason reason, CancellationToken cancellationToken)
    {
        var (errorType, message, exception, eventType) = (reason.ErrorType, reason.Message, reason.Exception, reason.EventType);
        var now = time.GetUtcNow();
        var fields = Build(entry, deliveryCount, errorType, message, exception, now);
        var written = await transport.DeadLetterAsync(identity.StreamKey, identity.DeadLetterKey, identity.Group, entry.Id, fields, retention.ToTrim(now), cancellationToken);
        if (!written)
        {
            return false;
        }

        var tags = identity.GroupTags;
        tags.Add("error_type", errorType);
        FleetEventsTelemetry.DeadLettered.Add(1, tags);
        Log.DeadLettered(logger, identity.Stream, identity.Group, entry.Id, eventType, deliveryCount, errorType, message);
        return true;
    }

    /// <summary>The dead letter's fields: the original ones in order, then the dead-letter fields.</summary>
    private StreamField[] Build(StreamEntry entry, long deliveryCount, string errorType, string message, Exception? exception, DateTimeOffset failedAt)
    {
        var original = entry.Fields;
        var fields = new StreamField[original.Count + DeadLetterFields.All.Count];
        for (var i = 0; i < original.Count; i++)
        {
            fields[i] = original[i];
        }

        var n = original.Count;
        fields[n++] = new(DeadLetterFields.SourceStream, identity.Stream);
        fields[n++] = new(DeadLetterFields.EntryId, entry.Id.ToString());
        fields[n++] = new(DeadLetterFields.Group, identity.Group);
        fields[n++] = new(DeadLetterFields.Consumer, identity.Consumer);
        fields[n++] = new(DeadLetterFields.DeliveryCount, deliveryCount);
        fields[n++] = new(DeadLetterFields.ErrorType, errorType);
        fields[n++] = new(DeadLetterFields.ErrorMessage, message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength), "…"));
        fields[n++] = new(DeadLetterFields.Exception, exception?.GetType().FullName ?? string.Empty);
        fields[n] = new(DeadLetterFields.FailedAt, EnvelopeCodec.FormatTimestamp(failedAt));
        Debug.Assert(n == fields.Length - 1, "Every dead-letter field is written.");
        return fields;
    }
}
