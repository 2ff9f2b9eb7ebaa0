using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Ctl.Cli;
using Fleet.Ctl.Output;
using Fleet.Ctl.Connection;
using Fleet.Events;

namespace Fleet.Ctl.Groups;

/// <summary>
/// A table (or JSON) of the consumer groups per stream: lag, pending, consumers, idle; from Redis, or with --gateway from
/// the gateway's GET /events/stats (<see cref="GatewayGroups"/>), printed the same way.
/// </summary>
internal sealed class GroupsCommand : FleetCommand<GroupsSettings>
{
    protected override async Task<int> RunAsync(GroupsSettings settings, CancellationToken cancellationToken)
    {
        var streams = settings.Gateway is null ? await ReadRedisAsync(settings, cancellationToken) : await GatewayGroups.ReadAsync(settings, cancellationToken);

        if (settings.Json)
        {
            Terminal.Plain.WriteLine(JsonText.Of(new JsonObject { ["streams"] = new JsonArray([.. streams.Select(s => (JsonNode)ToJson(s.Name, s.Length, s.DeadLetters, s.Groups))]) }));
            return ExitCodes.Ok;
        }

        if (streams.Count == 0 || (settings.Stream is not null && streams[0].Length == 0 && streams[0].Groups.Count == 0))
        {
            Terminal.WriteNote(settings.Stream is null ? $"no streams under '{settings.Prefix}'." : $"{new StreamKeys(settings.Prefix).Stream(settings.Stream)} does not exist.");
        }

        var table = new Table().AddColumns("stream", "length", "dlq", "group", "lag", "pending", "consumers", "idle");
        foreach (var (name, length, deadLetters, groups) in streams)
        {
            if (groups.Count == 0)
            {
                table.AddRow(Markup.Escape(name), Number(length), Number(deadLetters), "[grey](no groups)[/]", string.Empty, string.Empty, string.Empty, string.Empty);
            }

            foreach (var group in groups)
            {
                var lag = group.LagEstimated ? "~" + Number(group.Lag) : Number(group.Lag);
                table.AddRow(
                    Markup.Escape(group.Stream), group.Stream == name ? Number(length) : string.Empty, group.Stream == name ? Number(deadLetters) : string.Empty,
                    Markup.Escape(group.Group), group.Lag > 0 ? $"[yellow]{lag}[/]" : lag, Number(group.Pending), Number(group.Consumers.Count), Idle(group.Idle));
            }
        }

        Terminal.Out.Write(table);
        return ExitCodes.Ok;
    }

    private static async Task<IReadOnlyList<StreamReport>> ReadRedisAsync(GroupsSettings settings, CancellationToken cancellationToken)
    {
        await using var bus = await ConnectAsync(settings, cancellationToken);
        var names = settings.Stream is { } one ? [one] : await StreamDiscovery.FindAsync(bus.Redis, bus.Keys, cancellationToken);
        var streams = new List<StreamReport>();
        foreach (var name in names)
        {
            var length = await bus.Redis.XLenAsync(bus.Keys.Stream(name), cancellationToken);
            var deadLetters = await bus.Redis.XLenAsync(bus.Keys.DeadLetters(name), cancellationToken);
            streams.Add(new(name, length, deadLetters, await GroupReport.ReadAsync(bus, name, cancellationToken)));
        }

        return streams;
    }

    private static JsonObject ToJson(string name, long length, long deadLetters, IReadOnlyList<GroupReport> groups) => new()
    {
        ["stream"] = name,
        ["length"] = length,
        ["deadLetters"] = deadLetters,
        ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
        {
            ["key"] = g.Key,
            ["group"] = g.Group,
            ["lag"] = g.Lag,
            ["lagEstimated"] = g.LagEstimated,
            ["pending"] = g.Pending,
            ["consumers"] = new JsonArray([.. g.Consumers.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["pending"] = c.Pending,
                ["idleMs"] = (long)c.Idle.TotalMilliseconds,
            })]),
        })]),
    };

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Idle(TimeSpan? idle) => idle switch
    {
        null => "-",
        { TotalSeconds: < 1 } i => $"{i.TotalMilliseconds:0} ms",
        { TotalMinutes: < 1 } i => $"{i.TotalSeconds:0.0} s",
        { TotalHours: < 1 } i => $"{i.TotalMinutes:0} min",
        var i => $"{i.Value.TotalHours:0.0} h",
    };
}
