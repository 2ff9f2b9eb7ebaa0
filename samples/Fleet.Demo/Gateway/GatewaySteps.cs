using System.Globalization;
using System.Net;
using System.Text.Json;
using Fleet.Demo.Reporting;
using Fleet.Demo.Scenario;

namespace Fleet.Demo.Gateway;

/// <summary>
/// event-gateway at work, through its HTTP API as an operator would use it: the dashboard answers; one upload's whole
/// conversation (file.uploaded … notification.delivered) is read back from the PostgreSQL archive, in order; and the
/// last hour of market ticks is replayed from the archive onto market.events as a job that publishes every match.
/// </summary>
internal sealed class GatewaySteps(GatewayClient gateway, Journeys journeys, StepChecks checks, Narrator narrator)
{
    /// <summary>
    /// The upload path's events in the order they happen (docs/fleet.md): the conversation must hold them so. The
    /// embedding request and its answer are not among them: request/response gives each request a fresh correlation id
    /// (DESIGN.md section 5), its own conversation.
    /// </summary>
    private static readonly string[] UploadPath =
    [
        "file.uploaded", "file.processing.started", "file.text.extracted", "file.processed", "notification.requested",
        "notification.delivered",
    ];

    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ArchiveWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReplayWait = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    /// <summary>Replayed ticks per second: the job's bound, so market-monitor's group is not flooded.</summary>
    private const int ReplayRate = 1000;

    private string? _lastProblem;

    public async Task DashboardAsync(CancellationToken cancellationToken)
    {
        narrator.Heading($"event-gateway: the dashboard at {gateway.DashboardUrl}");
        (HttpStatusCode Status, string? ContentType) status = default;
        var answered = await Waiting.UntilAsync(
            async () =>
            {
                status = await TryAsync(() => gateway.DashboardAsync(cancellationToken), status);
                return status.Status == HttpStatusCode.OK;
            },
            AnswerWait,
            narrator.Time,
            cancellationToken);
        narrator.Say($"GET {gateway.DashboardUrl} -> {(int)status.Status} {status.ContentType}");
        checks.Add(narrator, answered && status.ContentType == "text/html", $"the dashboard answers at {gateway.DashboardUrl} (200, text/html)");

        var stats = await TryAsync<JsonElement?>(async () => await gateway.StatsAsync(cancellationToken), null);
        if (stats is { } figures)
        {
            var streams = figures.GetProperty("streams").GetArrayLength();
            var archived = figures.GetProperty("archive").GetProperty("events").GetInt64();
            narrator.Say($"GET /events/stats (read-only key) -> {streams} streams; {archived:N0} events archived in PostgreSQL so far");
        }

        checks.Add(narrator, stats is not null, "GET /events/stats answers with the read-only key");
    }

    /// <summary>The conversation of the first upload that went the whole way, read from the archive.</summary>
    public async Task ConversationAsync(CancellationToken cancellationToken)
    {
        FileJourney? journey;
        List<string> seen;
        lock (journeys.Gate)
        {
            journey = journeys.All.FirstOrDefault(j => j.Sample.MustSucceed && j.Complete);
            seen = journey is null ? [] : [.. journey.ConversationIds];
        }

        narrator.Heading($"The archive: {journey?.Sample.Name ?? "an upload"}'s conversation, GET /events/{{id}}/conversation");
        if (journey is null)
        {
            checks.Add(narrator, false, "an upload's conversation read from the archive (no upload went the whole way)");
            return;
        }

        // The archiver acknowledges in batches: the last deliveries may take a moment to reach PostgreSQL.
        var started = narrator.Time.GetTimestamp();
        IReadOnlyList<ArchivedEventView> conversation = [];
        var whole = await Waiting.UntilAsync(
            async () =>
            {
                conversation = await TryAsync(() => gateway.ConversationAsync(journey.UploadEventId, cancellationToken), conversation);
                var ids = conversation.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
                return seen.TrueForAll(ids.Contains);
            },
            ArchiveWait,
            narrator.Time,
            cancellationToken);
        foreach (var archived in conversation)
        {
            narrator.Step(journey.Sample.Name, "archived", archived.Timestamp - journey.UploadedAt, $"{archived.Type,-32} {archived.Stream} {archived.EntryId} ({archived.Id})");
        }

        var missing = seen.Count(id => conversation.All(e => e.Id != id));
        narrator.Say($"{conversation.Count} events in the archive for correlation id {journey.FileId}; {seen.Count} seen on the streams, {missing} of them missing; read {Narrator.Seconds(narrator.Time.GetElapsedTime(started))} after asking");
        checks.Add(narrator, whole && seen.Count > 0, $"every event of {journey.Sample.Name}'s upload on the streams ({seen.Count}) is in the archive's conversation");
        var positions = UploadPath.Select(type => conversation.ToList().FindIndex(e => e.Type == type)).ToList();
        var inOrder = positions.TrueForAll(p => p >= 0) && positions.Zip(positions.Skip(1)).All(pair => pair.First < pair.Second)
            && conversation.Zip(conversation.Skip(1)).All(pair => pair.First.Timestamp <= pair.Second.Timestamp);
        checks.Add(narrator, inOrder, $"the conversation runs {UploadPath[0]} … {UploadPath[^1]} in order ({string.Join(" -> ", UploadPath)})");
    }

    /// <summary>
    /// The last hour of market ticks replayed from the archive onto market.events. market-monitor reads them again; its
    /// analysis ignores a tick whose (symbol, sequence) it has seen, so the replay changes no trend or alert.
    /// </summary>
    public async Task ReplayAsync(CancellationToken cancellationToken)
    {
        narrator.Heading("The archive: one hour of market ticks replayed onto market.events, POST /events/replay");
        var now = narrator.Time.GetUtcNow();
        var replay = new ReplayRequest(ReplayRequest.Rfc3339(now.AddHours(-1)), ReplayRequest.Rfc3339(now), "market.data.collected", ReplayRate);
        var idempotencyKey = DemoIds.NewId();
        var started = narrator.Time.GetTimestamp();
        ReplayJobView job;
        try
        {
            job = await gateway.StartReplayAsync(replay, idempotencyKey, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            checks.Add(narrator, false, $"replay job started ({e.Message})");
            return;
        }

        narrator.Step("replay", "job", TimeSpan.Zero, $"{job.JobId}: {replay.Type} from {Time(now.AddHours(-1))} to {Time(now)} at up to {ReplayRate}/s (Idempotency-Key {idempotencyKey})");
        var again = await TryAsync<ReplayJobView?>(async () => await gateway.StartReplayAsync(replay, idempotencyKey, cancellationToken), null);
        checks.Add(narrator, again?.JobId == job.JobId, $"the same Idempotency-Key gives the same job ({again?.JobId ?? "no answer"})");

        var last = job;
        var shown = narrator.Time.GetTimestamp();
        var finished = await Waiting.UntilAsync(
            async () =>
            {
                var current = await TryAsync(() => gateway.ReplayJobAsync(job.JobId, cancellationToken), last);
                // A line when the state changes, else at most one a second: the job pages through thousands of events.
                if (current.State != last.State || (current.Published != last.Published && narrator.Time.GetElapsedTime(shown) >= ProgressEvery))
                {
                    narrator.Step("replay", current.State, narrator.Time.GetElapsedTime(started), $"{current.Published:N0} published of {current.Matched:N0} matched so far");
                    shown = narrator.Time.GetTimestamp();
                }

                last = current;
                return current.Finished;
            },
            ReplayWait,
            narrator.Time,
            cancellationToken);
        if (last.Error is { Length: > 0 } error)
        {
            narrator.Step("replay", "error", narrator.Time.GetElapsedTime(started), error, failure: true);
        }

        checks.Add(
            narrator,
            finished && string.Equals(last.State, "completed", StringComparison.OrdinalIgnoreCase) && last.Matched > 0 && last.Published == last.Matched,
            $"replay job {job.JobId} completed: published = matched > 0 (state {last.State}, matched {last.Matched:N0}, published {last.Published:N0})");
    }

    private static string Time(DateTimeOffset time) => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The answer, or <paramref name="fallback"/> when the gateway could not be asked (said once per new problem, not per poll).</summary>
    private async Task<T> TryAsync<T>(Func<Task<T>> ask, T fallback)
    {
        try
        {
            return await ask();
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException { CancellationToken.IsCancellationRequested: false })
        {
            if (e.Message != _lastProblem)
            {
                _lastProblem = e.Message;
                narrator.Say($"gateway: {e.Message}");
            }

            return fallback;
        }
    }
}
