using System.Text.Json.Nodes;
using Fleet.Contracts;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Gateway;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Ctl.DeadLetters;

/// <summary>
/// The dlq commands' gateway mode: the gateway's dead-letter endpoints (docs/gateway/api.md, "Dead letters"). Each entry's
/// <c>fields</c> are read back into an entry and through <see cref="DeadLetterRecord"/>, so fleetctl prints the same as
/// in Redis mode. The gateway knows the six fleet streams only.
/// </summary>
internal static class GatewayDeadLetters
{
    // The gateway's largest page.
    private const int Page = 1000;

    /// <summary>
    /// Up to the limit of entries matching the filters, oldest first, as Redis mode selects them. The gateway lists newest
    /// first and does not filter, so every page is read (one request per 1 000 entries), then the oldest matches kept.
    /// </summary>
    public static async Task<IReadOnlyList<DeadLetterView>> ListAsync(GatewayClient gateway, DeadLetterFilterSettings settings, CancellationToken cancellationToken)
    {
        var newestFirst = new List<DeadLetterView>();
        string? cursor = null;
        do
        {
            var path = $"dead-letters?stream={Uri.EscapeDataString(settings.Stream!)}&kind={settings.Kind}&limit={Page}"
                + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await gateway.GetAsync(path, cancellationToken);
            newestFirst.AddRange((page["entries"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(entry => View(settings, entry)));
            cursor = page["nextCursor"] is JsonValue next && next.TryGetValue<string>(out var text) ? text : null;
        }
        while (cursor is not null);

        return [.. Enumerable.Reverse(newestFirst).Where(view => view.Letter.Matches(settings.ErrorType, settings.EventType)).Take(settings.Limit)];
    }

    /// <summary>The entry with <paramref name="id"/>, or null when the gateway answers 404.</summary>
    public static async Task<DeadLetterView?> FindAsync(GatewayClient gateway, DeadLetterSettings settings, RedisStreamId id, CancellationToken cancellationToken) =>
        await gateway.FindAsync($"dead-letters/{Uri.EscapeDataString(settings.Stream!)}/{settings.Kind}/{id}", cancellationToken) is JsonObject entry
            ? View(settings, entry)
            : null;

    /// <summary>The gateway, once the stream is checked to be one it knows (a usage error otherwise).</summary>
    public static GatewayClient Open(DeadLetterSettings settings, string command)
    {
        if (!FleetStreams.All.Contains(settings.Stream, StringComparer.Ordinal))
        {
            throw CliException.Usage($"the gateway knows the fleet's streams only ({string.Join(", ", FleetStreams.All)}), not {settings.Stream}; use Redis mode (no --gateway) for {command}.");
        }

        return GatewayClient.Create(settings, command);
    }

    private static DeadLetterView View(DeadLetterSettings settings, JsonObject entry)
    {
        var id = RedisStreamId.TryParse(entry["entryId"]?.GetValue<string>(), out var parsed) ? parsed : default;
        var fields = (entry["fields"] as JsonObject ?? new JsonObject()).Select(field => new StreamField(field.Key, field.Value?.GetValue<string>() ?? string.Empty)).ToList();
        return new DeadLetterView(settings.Kind, DeadLetterRecord.Read(settings.Stream!, new StreamEntry(id, fields)));
    }
}
