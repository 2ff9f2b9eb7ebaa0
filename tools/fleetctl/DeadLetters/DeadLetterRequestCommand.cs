using System.Text.Json.Nodes;
using Fleet.Contracts;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Connection;
using Fleet.Ctl.Output;

namespace Fleet.Ctl.DeadLetters;

/// <summary>
/// Re-drive and purge are dead-letter-reaper's to do (it moves entries atomically, docs/services/dead-letter-reaper.md):
/// fleetctl publishes the request event on system.events, prints its id (the request id every answer carries), and with
/// --wait follows the reaper's answers. Both act on parked entries: the reaper's policy handles :dlq itself. With --gateway
/// the gateway publishes the request (POST /dead-letters/redrive or /purge).
/// </summary>
internal abstract class DeadLetterRequestCommand : FleetCommand<DeadLetterRequestSettings>
{
    /// <summary>"redrive" or "purge", for messages.</summary>
    protected abstract string Verb { get; }

    /// <summary>The event type of the reaper's answers.</summary>
    protected abstract string AnswerType { get; }

    /// <summary>The request's data.</summary>
    protected abstract object Request(ParkedEntrySelection selection, string requestedBy);

    protected override async Task<int> RunAsync(DeadLetterRequestSettings settings, CancellationToken cancellationToken)
    {
        var selection = new ParkedEntrySelection(
            settings.Stream!, settings.EntryIds.Length > 0 ? settings.EntryIds : null, settings.ErrorType, settings.EventType, settings.Limit);
        var requestedBy = settings.RequestedBy ?? $"fleetctl ({Environment.UserName})";
        var request = Request(selection, requestedBy);

        // The request's contract (the selection's ids, error type pattern and limit included), checked before connecting
        // so a bad selection is a usage error naming every rule (exit code 2), whether Redis is up or not.
        FleetBus.Contracts().Validate(request);
        if (settings.Gateway is not null)
        {
            return await GatewayRequestAsync(settings, selection, cancellationToken);
        }

        await using var bus = await ConnectAsync(settings, cancellationToken);
        var result = await bus.Publisher.PublishAsync(FleetStreams.System, request, cancellationToken: cancellationToken);
        var requestId = result.EventId.ToString();
        if (!settings.Json)
        {
            Terminal.Out.MarkupLineInterpolated($"{Verb} requested: request id [green]{requestId}[/] on {bus.Keys.Stream(FleetStreams.System)} entry {result.EntryId}");
        }

        if (!settings.Wait)
        {
            if (settings.Json)
            {
                Terminal.Plain.WriteLine(JsonText.Of(new JsonObject { ["requestId"] = requestId, ["entryId"] = result.EntryId?.ToString() }));
            }

            return ExitCodes.Ok;
        }

        var waiter = new ReaperAnswerWaiter(bus, result.EntryId!.Value, requestId, AnswerType);
        var outcome = await waiter.WaitAsync(TimeSpan.FromSeconds(settings.TimeoutSeconds), cancellationToken);
        return Report(settings, requestId, outcome);
    }

    /// <summary>
    /// POST /dead-letters/redrive or /purge: the gateway publishes the same request (with its key's name as requested_by)
    /// and answers its id. --wait reads the reaper's answers on Redis, so it is refused here rather than half done.
    /// </summary>
    private async Task<int> GatewayRequestAsync(DeadLetterRequestSettings settings, ParkedEntrySelection selection, CancellationToken cancellationToken)
    {
        if (settings.Wait)
        {
            throw CliException.Usage($"dlq {Verb} --wait follows dead-letter-reaper's answers on Redis: drop --gateway (or --wait and look with dlq list --parked).");
        }

        using var gateway = GatewayDeadLetters.Open(settings, "dlq " + Verb);
        var body = new JsonObject
        {
            ["stream"] = selection.Stream,
            ["entryIds"] = selection.EntryIds is { } ids ? new JsonArray([.. ids.Select(id => (JsonNode)id)]) : null,
            ["errorType"] = selection.ErrorType,
            ["eventType"] = selection.EventType,
            ["limit"] = selection.Limit,
        };
        var accepted = await gateway.PostAsync($"dead-letters/{Verb}", body, cancellationToken);
        var requestId = accepted["requestId"]?.GetValue<string>() ?? "?";
        if (settings.Json)
        {
            Terminal.Plain.WriteLine(JsonText.Of(new JsonObject { ["requestId"] = requestId, ["entryId"] = null }));
        }
        else
        {
            Terminal.Out.MarkupLineInterpolated($"{Verb} requested: request id [green]{requestId}[/] through the gateway");
        }

        return ExitCodes.Ok;
    }

    private int Report(DeadLetterRequestSettings settings, string requestId, ReaperAnswers outcome)
    {
        if (settings.Json)
        {
            Terminal.Plain.WriteLine(JsonText.Of(new JsonObject
            {
                ["requestId"] = requestId,
                ["state"] = outcome.State.ToString().ToLowerInvariant(),
                ["error"] = outcome.Error,
                ["answers"] = new JsonArray([.. outcome.Answers.Select(a => a.DeepClone())]),
            }));
        }
        else
        {
            foreach (var answer in outcome.Answers)
            {
                Terminal.Out.WriteLine($"{AnswerType}: {JsonText.Of(answer)}");
            }
        }

        return outcome.State switch
        {
            ReaperAnswerState.Handled => Done(settings, outcome),
            ReaperAnswerState.Refused => throw new CliException(ExitCodes.Failure, $"dead-letter-reaper refused request {requestId}: {outcome.Error}"),
            _ => throw new CliException(ExitCodes.Timeout, $"no dead-letter-reaper handled request {requestId} within {settings.TimeoutSeconds} s (is it running, and does it watch {settings.Stream}?)."),
        };
    }

    private int Done(DeadLetterRequestSettings settings, ReaperAnswers outcome)
    {
        if (!settings.Json)
        {
            Terminal.WriteNote($"dead-letter-reaper handled the request: {outcome.Count(AnswerType)} {(Verb == "purge" ? "purged" : "re-driven")}.");
        }

        return ExitCodes.Ok;
    }
}
