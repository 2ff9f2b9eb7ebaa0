using System.Text.Json.Nodes;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Output;
using Fleet.Ctl.Gateway;

namespace Fleet.Ctl.Replay;

/// <summary>
/// Starts a replay job on the gateway (<c>POST /events/replay</c>, docs/gateway/replay.md) and follows it
/// (<c>GET /events/replay/{id}</c>) with a progress line on stderr until it ends. Gateway only: replays read the archive.
/// </summary>
internal sealed class ReplayCommand : FleetCommand<ReplaySettings>
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly string[] Succeeded = ["completed", "succeeded", "done"];
    private static readonly string[] Ended = [.. Succeeded, "failed", "cancelled", "canceled"];

    protected override async Task<int> RunAsync(ReplaySettings settings, CancellationToken cancellationToken)
    {
        using var gateway = GatewayClient.Create(settings, "replay");
        var body = new JsonObject
        {
            ["from"] = settings.From,
            ["to"] = settings.To,
            ["stream"] = settings.Stream,
            ["type"] = settings.Type,
            ["correlationId"] = settings.CorrelationId,
            ["targetStream"] = settings.TargetStream,
            ["ratePerSecond"] = settings.Rate,
        };
        var started = await gateway.PostAsync("events/replay", body, cancellationToken, settings.IdempotencyKey);
        var jobId = started["jobId"]?.ToString() ?? throw new CliException(ExitCodes.Failure, "the gateway started a replay but gave no jobId.");
        if (settings.NoWait)
        {
            return Print(settings, started, jobId);
        }

        Terminal.WriteNote($"replay job {jobId} started; following it (Ctrl-C stops following, not the job)");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.TimeoutSeconds is { } seconds)
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var last = string.Empty;
        try
        {
            while (true)
            {
                var job = await gateway.GetAsync($"events/replay/{Uri.EscapeDataString(jobId)}", deadline.Token);
                var state = job["state"]?.ToString() ?? "unknown";
                var progress = $"replay {jobId}: {state}, matched {job["matched"]}, published {job["published"]}";
                if (progress != last)
                {
                    Terminal.WriteNote(progress);
                    last = progress;
                }

                if (Ended.Contains(state.ToLowerInvariant()) || job["finishedAt"] is JsonValue)
                {
                    return Finish(settings, job, jobId, state);
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Timeout, $"replay {jobId} did not end within {settings.TimeoutSeconds} s; it goes on (GET /events/replay/{jobId}).");
        }
    }

    private int Finish(ReplaySettings settings, JsonNode job, string jobId, string state)
    {
        Print(settings, job, jobId);
        return Succeeded.Contains(state.ToLowerInvariant())
            ? ExitCodes.Ok
            : throw new CliException(ExitCodes.Failure, $"replay {jobId} ended {state}: {job["error"]}");
    }

    private int Print(ReplaySettings settings, JsonNode job, string jobId)
    {
        if (settings.Json)
        {
            Terminal.Plain.WriteLine(JsonText.Of(job));
        }
        else
        {
            Terminal.Out.MarkupLineInterpolated($"replay [green]{jobId}[/]: {job["state"]?.ToString() ?? "accepted"}, matched {job["matched"]?.ToString() ?? "-"}, published {job["published"]?.ToString() ?? "-"}");
        }

        return ExitCodes.Ok;
    }
}
