using System.Text.Json.Nodes;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Gateway;
using Fleet.Ctl.Output;

namespace Fleet.Ctl.Conversation;

/// <summary>
/// Every archived event of one correlation id, in order across streams, from the gateway's archive
/// (<c>GET /events?correlationId=</c>, followed page by page). Gateway only: the streams are trimmed, the archive is not.
/// </summary>
internal sealed class ConversationCommand : FleetCommand<ConversationSettings>
{
    private const int PageSize = 500;
    private const int PreviewLength = 80;

    protected override async Task<int> RunAsync(ConversationSettings settings, CancellationToken cancellationToken)
    {
        using var gateway = GatewayClient.Create(settings, "conversation");
        var events = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var query = $"events?correlationId={Uri.EscapeDataString(settings.CorrelationId)}&limit={PageSize}" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await gateway.GetAsync(query, cancellationToken);
            events.AddRange((page["events"] as JsonArray ?? []).OfType<JsonObject>());
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(cursor));

        if (events.Count == 0)
        {
            throw CliException.NotFound($"no archived events with correlation id {settings.CorrelationId}.");
        }

        // Event ids are ULIDs, so (timestamp, id) orders the conversation the way it happened across streams.
        foreach (var archived in events.OrderBy(e => e["timestamp"]?.ToString(), StringComparer.Ordinal).ThenBy(e => e["id"]?.ToString(), StringComparer.Ordinal))
        {
            if (settings.Json)
            {
                Terminal.Plain.WriteLine(JsonText.Of(archived));
                continue;
            }

            var causation = archived["causationId"]?.ToString() is { Length: > 0 } c ? c : "-";
            var data = EntryView.Shorten(archived["data"] is { } payload ? JsonText.Of(payload) : "{}", PreviewLength);
            Terminal.Out.WriteLine($"{archived["timestamp"]}  {archived["stream"],-20}  {archived["type"]}  id={archived["id"]}  caused-by={causation}  {data}");
        }

        Terminal.WriteNote($"{events.Count} events with correlation id {settings.CorrelationId}");
        return ExitCodes.Ok;
    }
}
