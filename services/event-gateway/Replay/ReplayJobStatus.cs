using Fleet.Events;

namespace Fleet.EventGateway.Replay;

/// <summary>What <c>GET /events/replay/{jobId}</c> (and the 202 of <c>POST /events/replay</c>) answer; times RFC 3339 UTC.</summary>
internal sealed record ReplayJobStatus(
    string JobId,
    string State,
    long Matched,
    long Published,
    string? LastEventId,
    string CreatedAt,
    string? StartedAt,
    string? FinishedAt,
    string? Error,
    string? TargetStream,
    int RatePerSecond)
{
    public static ReplayJobStatus Of(ReplayJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(
            job.Id,
            ReplayJobStates.Text(job.State),
            job.Matched,
            job.Published,
            job.LastEventId,
            EnvelopeCodec.FormatTimestamp(job.CreatedAt),
            job.StartedAt is { } started ? EnvelopeCodec.FormatTimestamp(started) : null,
            job.FinishedAt is { } finished ? EnvelopeCodec.FormatTimestamp(finished) : null,
            job.Error,
            job.Spec.TargetStream,
            job.Spec.RatePerSecond);
    }
}
