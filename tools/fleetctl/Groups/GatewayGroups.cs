using System.Text.Json.Nodes;
using Fleet.Contracts;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Gateway;
using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Ctl.Groups;

/// <summary>
/// fleetctl groups --gateway: the gateway's <c>GET /events/stats</c> read into the rows Redis mode prints. The gateway
/// reports the six fleet streams and the groups on each stream; the groups on a stream's <c>:dlq</c> and <c>:parked</c>
/// (the reaper's and the archiver's) are read in Redis mode only. A stream with no entries, groups or dead letters is left
/// out unless asked for, as Redis mode finds only streams that exist.
/// </summary>
internal static class GatewayGroups
{
    public static async Task<IReadOnlyList<StreamReport>> ReadAsync(GroupsSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Stream is { } asked && !FleetStreams.All.Contains(asked, StringComparer.Ordinal))
        {
            throw CliException.Usage($"the gateway reports the fleet's streams only ({string.Join(", ", FleetStreams.All)}), not {asked}; read it from Redis without --gateway.");
        }

        using var gateway = GatewayClient.Create(settings, "groups");
        var stats = await gateway.GetAsync("events/stats", cancellationToken);
        var keys = new StreamKeys(settings.Prefix);
        var streams = new List<StreamReport>();
        foreach (var stream in (stats["streams"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
        {
            var name = stream["stream"]?.GetValue<string>() ?? string.Empty;
            var groups = (stream["groups"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(group => new GroupReport(
                name,
                keys.Stream(name),
                group["group"]?.GetValue<string>() ?? string.Empty,
                Number(group["lag"]),
                group["lagEstimated"]?.GetValue<bool>() == true,
                Number(group["pending"]),
                [.. (group["consumers"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(consumer => new StreamConsumerInfo
                {
                    Name = consumer["name"]?.GetValue<string>() ?? string.Empty,
                    Pending = Number(consumer["pending"]),
                    Idle = TimeSpan.FromMilliseconds(Number(consumer["idleMs"])),
                })])).ToList();
            var report = new StreamReport(name, Number(stream["length"]), Number(stream["deadLetters"]), groups);
            var exists = report.Length > 0 || report.DeadLetters > 0 || Number(stream["parked"]) > 0 || groups.Count > 0;
            if (settings.Stream is null ? exists : settings.Stream == name)
            {
                streams.Add(report);
            }
        }

        // Redis mode lists the streams it finds sorted by name; so does this.
        return [.. streams.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    private static long Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var number) ? number : 0;
}
