using Fleet.Contracts;
using Fleet.Demo.Receivers;

namespace Fleet.Demo.Scenario;

/// <summary>
/// What the demo has seen of one uploaded file, from the streams and the receivers. Changed only under
/// <see cref="Journeys"/>' lock.
/// </summary>
internal sealed class FileJourney(SampleFile sample, string fileId, string traceId, DateTimeOffset uploadedAt)
{
    public SampleFile Sample { get; } = sample;

    /// <summary>The file's id, also the correlation id of its upload and so of every follow-up.</summary>
    public string FileId { get; } = fileId;

    /// <summary>The trace the upload started (the demo's root span; the envelope's traceparent carries it).</summary>
    public string TraceId { get; } = traceId;

    public DateTimeOffset UploadedAt { get; } = uploadedAt;

    /// <summary>The id of its <c>file.uploaded</c> event, once published.</summary>
    public string UploadEventId { get; set; } = string.Empty;

    /// <summary>
    /// Ids of the events read on the streams that carry the upload's correlation id (<see cref="FileId"/>), in the order
    /// read: what the archive's conversation of the upload must hold.
    /// </summary>
    public List<string> ConversationIds { get; } = [];

    /// <summary>Events of this run that carry <see cref="TraceId"/>, on any stream.</summary>
    public int TraceEvents { get; set; }

    public FileTextExtracted? Text { get; set; }

    public EmbeddingGenerationCompleted? Vectors { get; set; }

    public FileProcessed? Processed { get; set; }

    public FileProcessingFailed? Failed { get; set; }

    /// <summary>The dead letter of its upload: the dead-letter stream and the reason.</summary>
    public string? DeadLetter { get; set; }

    /// <summary>Ids of the <c>notification.requested</c> events about it.</summary>
    public HashSet<string> NotificationIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<NotificationChannel, NotificationDelivered> Delivered { get; } = [];

    public Dictionary<NotificationChannel, NotificationFailed> NotDelivered { get; } = [];

    public List<ReceivedWebhook> Webhooks { get; } = [];

    public List<ReceivedEmail> Emails { get; } = [];

    /// <summary>The steps the scenario requires of this file, each with whether it happened.</summary>
    public IEnumerable<(string Step, bool Done)> Steps()
    {
        if (Sample.MustSucceed)
        {
            yield return ("text extracted", Text is not null);
            yield return ("vectors stored", Vectors is not null && Vectors.Keys.Count > 0);
            yield return ("file.processed", Processed is not null);
            yield return ("not failed", Failed is null);
        }
        else
        {
            yield return ($"file.processing.failed ({Sample.ExpectedFailure})", Failed?.Reason == Sample.ExpectedFailure);
            yield return ("upload dead-lettered", DeadLetter is not null);
        }

        yield return ("notification.delivered webhook", Delivered.ContainsKey(NotificationChannel.Webhook));
        yield return ("webhook received, signature valid", Webhooks.Count > 0 && Webhooks.TrueForAll(w => w.SignatureValid));
        yield return ("notification.delivered email", Delivered.ContainsKey(NotificationChannel.Email));
        yield return ("e-mail received", Emails.Count > 0);
    }

    /// <summary>Every required step happened.</summary>
    public bool Complete => Steps().All(step => step.Done);

    /// <summary>Nothing more is to be waited for: complete, or its outcome and both channels' results are known.</summary>
    public bool Settled =>
        Complete ||
        ((Processed is not null || Failed is not null) &&
         ChannelSettled(NotificationChannel.Webhook) && ChannelSettled(NotificationChannel.Email));

    private bool ChannelSettled(NotificationChannel channel) => Delivered.ContainsKey(channel) || NotDelivered.ContainsKey(channel);
}
