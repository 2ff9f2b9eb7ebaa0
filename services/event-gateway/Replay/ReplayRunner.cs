using System.Diagnostics;
using Fleet.EventGateway.Archive;
using Fleet.Events;
using NUlid;
using Microsoft.Extensions.Options;

namespace Fleet.EventGateway.Replay;

/// <summary>
/// Runs one job that this replica holds: reads the archive page by page from the job's saved cursor, skips what an
/// earlier runner already did, appends at the job's rate in archive order, and saves progress (extending the lease)
/// after every batch. It stops when the job is done, cancelled or taken over; errors propagate to the
/// <see cref="ReplayWorker"/>.
/// </summary>
internal sealed class ReplayRunner(
    IEventArchive archive, ReplayAppender appender, ReplayJobStore store, IOptions<ReplayOptions> options, TimeProvider time, ILogger<ReplayRunner> logger)
{
    private static readonly ActivitySource Source = new("Fleet.EventGateway");
    private readonly ReplayOptions _options = options.Value;

    /// <summary>Runs <paramref name="job"/> for <paramref name="owner"/>; true when it completed, false when it was cancelled or taken over.</summary>
    public async Task<bool> RunAsync(ReplayJob job, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        Log.ReplayJobStarted(logger, job.Id, owner, job.Published, job.LastEventId);
        var jobId = Ulid.ParseExact(job.Id);
        var pacer = new ReplayPacer(job.Spec.RatePerSecond, time);
        var progress = ReplayProgress.Of(job);
        var cursor = progress.PageCursor;
        while (true)
        {
            var page = await archive.QueryAsync(job.Spec.Query(cursor, _options.PageSize, job.CreatedAt), cancellationToken);

            // A resumed runner re-reads the page its predecessor was in; what that one published is behind the saved position.
            var pending = page.Events.Where(e => !ReplayPosition.IsAtOrBefore(e, progress.LastEventTimestamp, progress.LastEventId)).ToList();
            var done = 0;
            while (done < pending.Count)
            {
                var granted = await pacer.AcquireAsync(pending.Count - done, cancellationToken);
                var batch = pending.GetRange(done, granted);
                await AppendAsync(job, jobId, batch, cancellationToken);
                done += granted;
                var published = progress.Published + granted;
                progress = new ReplayProgress(published + (pending.Count - done), published, cursor, batch[^1].Id, batch[^1].Timestamp);
                if (!await store.SaveProgressAsync(job.Id, owner, progress, time.GetUtcNow(), _options.LeaseTime, cancellationToken))
                {
                    Log.ReplayJobLost(logger, job.Id, owner);
                    return false;
                }
            }

            if (page.NextCursor is null)
            {
                if (!await store.FinishAsync(job.Id, owner, ReplayJobState.Completed, error: null, time.GetUtcNow(), cancellationToken))
                {
                    Log.ReplayJobLost(logger, job.Id, owner);
                    return false;
                }

                Log.ReplayJobCompleted(logger, job.Id, progress.Published);
                return true;
            }

            cursor = page.NextCursor;
        }
    }

    /// <summary>Appends a batch in order: each run of events bound for one stream is one script call.</summary>
    private async Task AppendAsync(ReplayJob job, Ulid jobId, List<ArchivedEvent> batch, CancellationToken cancellationToken)
    {
        var start = 0;
        while (start < batch.Count)
        {
            var stream = job.Spec.TargetStream ?? batch[start].Stream;
            var end = start + 1;
            while (end < batch.Count && (job.Spec.TargetStream ?? batch[end].Stream) == stream)
            {
                end++;
            }

            // One producer span per run (OpenTelemetry messaging: a batch send); each replayed entry carries its context.
            using var activity = Source.StartActivity("replay " + stream, ActivityKind.Producer);
            activity?.SetTag("messaging.system", "redis");
            activity?.SetTag("messaging.destination.name", stream);
            activity?.SetTag("messaging.batch.message_count", end - start);
            activity?.SetTag("fleet.replay.job", job.Id);
            var traceParent = activity?.Id;
            var traceState = activity?.TraceStateString;
            var now = time.GetUtcNow();
            var entries = new List<(string, EventEnvelope)>(end - start);
            for (var i = start; i < end; i++)
            {
                entries.Add((ReplayPosition.Of(batch[i]), ReplayEnvelope.Build(batch[i], jobId, now, traceParent, traceState)));
            }

            var appended = await appender.AppendAsync(stream, job.Id, entries, cancellationToken);
            CountPublished(stream, batch, start, appended);
            var skipped = appended.Count(a => !a);
            if (skipped > 0)
            {
                Log.ReplayEventsAlreadyAppended(logger, job.Id, stream, skipped);
            }

            start = end;
        }
    }

    /// <summary>
    /// Counts what the script appended (not what it skipped) in fleet.events.published, by type: replays bypass
    /// IEventPublisher (their append is conditional on the job's marker), but the metric counts every event on a stream.
    /// </summary>
    private static void CountPublished(string stream, List<ArchivedEvent> batch, int start, bool[] appended)
    {
        for (var i = 0; i < appended.Length; i++)
        {
            if (appended[i])
            {
                PublishedEvents.CountSent(stream, batch[start + i].Type);
            }
        }
    }
}
