using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fleet.EventGateway.Archive;
using Fleet.Events;
using NUlid;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// The new envelope a job publishes for an archived event: the original's type, version, data, correlation, causation
/// and user ids, its metadata plus the replay marks, the time of the replay, and an id derived from (job, original).
/// </summary>
internal static class ReplayEnvelope
{
    /// <summary>Metadata key: the original event's id.</summary>
    public const string ReplayOf = "replay_of";

    /// <summary>Metadata key: the original event's timestamp (RFC 3339 UTC, milliseconds).</summary>
    public const string ReplayOriginalTimestamp = "replay_original_timestamp";

    /// <summary>Metadata key: the replay job's id.</summary>
    public const string ReplayJob = "replay_job";

    public static EventEnvelope Build(ArchivedEvent original, Ulid jobId, DateTimeOffset now, string? traceParent, string? traceState)
    {
        ArgumentNullException.ThrowIfNull(original);
        return new EventEnvelope
        {
            Id = IdOf(jobId, original.Id),
            Type = original.Type,
            Version = original.Version,
            Timestamp = now,
            CorrelationId = UlidOrNull(original.CorrelationId),
            CausationId = UlidOrNull(original.CausationId),
            UserId = string.IsNullOrEmpty(original.UserId) ? null : original.UserId,
            Data = Encoding.UTF8.GetBytes(original.Data.GetRawText()),
            Metadata = MetadataOf(original, jobId),
            TraceParent = traceParent,
            TraceState = traceState,
        };
    }

    /// <summary>
    /// The replayed event's id: the job id's 48-bit time, then 80 bits of SHA-256(job id, original id). A runner that
    /// resumes the job computes the same id for the same event, so the consumers' idempotency guard (keyed by event id)
    /// sees a copy as a duplicate; another job replaying the same event makes a new id, as a new replay should.
    /// </summary>
    public static Ulid IdOf(Ulid jobId, string originalId)
    {
        Span<byte> bytes = stackalloc byte[16];
        jobId.ToByteArray().AsSpan(0, 6).CopyTo(bytes);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(jobId.ToString(), "/", originalId)));
        hash.AsSpan(0, 10).CopyTo(bytes[6..]);
        return new Ulid(bytes);
    }

    private static Dictionary<string, string> MetadataOf(ArchivedEvent original, Ulid jobId)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (original.Metadata is { ValueKind: JsonValueKind.Object } archived)
        {
            foreach (var property in archived.EnumerateObject())
            {
                // Envelope metadata is string to string; a value another producer wrote as JSON keeps its JSON text.
                metadata[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        // A replay of a replay names the latest one: these keys describe the event this envelope was made from.
        metadata[ReplayOf] = original.Id;
        metadata[ReplayOriginalTimestamp] = EnvelopeCodec.FormatTimestamp(original.Timestamp);
        metadata[ReplayJob] = jobId.ToString();
        return metadata;
    }

    private static Ulid? UlidOrNull(string? text) => Ulid.TryParseExact(text, out var id) ? id : null;
}
