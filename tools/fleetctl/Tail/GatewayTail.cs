using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Gateway;
using Fleet.Ctl.Output;
using Fleet.Events;

namespace Fleet.Ctl.Tail;

/// <summary>
/// fleetctl tail --gateway: the event-gateway's live tail (<c>GET /dashboard/sse/tail?stream=</c>, server-sent events;
/// docs/gateway/dashboard.md). Its <c>entry</c> events carry the shape fleetctl prints in Redis mode, so the lines are the
/// same. The gateway's tail starts at the stream's last entry, so only <c>--from $</c> (the default) goes through it.
/// </summary>
internal static class GatewayTail
{
    public static async Task<int> RunAsync(Terminal terminal, TailSettings settings, CancellationToken cancellationToken)
    {
        if (settings.From != "$")
        {
            throw CliException.Usage("tail --gateway follows new entries only (the gateway's live tail starts at the stream's end): drop --from, or read the stream from Redis without --gateway.");
        }

        using var gateway = GatewayClient.Create(settings, "tail");
        var seen = 0;
        try
        {
            await foreach (var item in gateway.EventsAsync($"dashboard/sse/tail?stream={Uri.EscapeDataString(settings.Stream)}", cancellationToken))
            {
                switch (item.EventType)
                {
                    case "ready":
                        terminal.WriteNote($"following {settings.Stream} through the gateway after {item.Data} (Ctrl-C to stop)");
                        break;
                    case "entry" when Parse(terminal, item.Data) is { } entry:
                        TailCommand.Print(terminal, settings, entry);
                        if (++seen == settings.Count)
                        {
                            await terminal.Plain.FlushAsync(CancellationToken.None);
                            return ExitCodes.Ok;
                        }

                        break;
                    case "unavailable":
                        // The gateway goes on from the same entry once Redis is back: nothing is skipped, so this is a note.
                        terminal.WriteNote($"the gateway cannot read Redis just now ({item.Data}); it retries from the same entry.");
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Following until stopped is what tail is for: a stop is a normal end.
            await terminal.Plain.FlushAsync(CancellationToken.None);
            return ExitCodes.Ok;
        }
        catch (IOException e)
        {
            throw new CliException(ExitCodes.Failure, $"the gateway's tail broke off: {e.Message}", e);
        }

        throw new CliException(ExitCodes.Failure, "the gateway ended the tail (it is shutting down?).");
    }

    /// <summary>
    /// The gateway's entry in Redis mode's JSON (<c>EntryView.ToJson</c>): the gateway leaves out null members, writes the
    /// time with an offset and a malformed entry's fields as name/value pairs; fleetctl prints every member, the time as
    /// the envelope writes it, and the fields as one object, in both modes.
    /// </summary>
    internal static JsonObject Normalize(JsonObject entry)
    {
        var json = new JsonObject { ["stream"] = Copy(entry["stream"]), ["entryId"] = Copy(entry["entryId"]) };
        if (entry["malformed"] is { } malformed)
        {
            json["malformed"] = Copy(malformed);
            var fields = new JsonObject();
            foreach (var pair in (entry["fields"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
            {
                fields[pair["key"]?.ToString() ?? string.Empty] = pair["value"]?.ToString();
            }

            json["fields"] = fields;
            return json;
        }

        json["id"] = Copy(entry["id"]);
        json["type"] = Copy(entry["type"]);
        json["version"] = Copy(entry["version"]);
        json["timestamp"] = DateTimeOffset.TryParse(entry["timestamp"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? EnvelopeCodec.FormatTimestamp(time)
            : Copy(entry["timestamp"]);
        foreach (var name in (string[])["correlationId", "causationId", "userId", "data", "metadata", "traceParent"])
        {
            json[name] = Copy(entry[name]);
        }

        return json;
    }

    private static JsonNode? Copy(JsonNode? node) => node?.DeepClone();

    private static JsonObject? Parse(Terminal terminal, string data)
    {
        try
        {
            return JsonNode.Parse(data) is JsonObject entry ? Normalize(entry) : null;
        }
        catch (JsonException)
        {
            terminal.WriteNote("the gateway sent an entry that is not JSON; skipped.");
            return null;
        }
    }
}
