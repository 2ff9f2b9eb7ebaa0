using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.EventGateway.Dashboard.Stats;

namespace Fleet.EventGateway.Tests.Dashboard;

public sealed class LagHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToJson_SamplesOlderThanTheWindow_AreDropped()
    {
        var history = new LagHistory(TimeSpan.FromMinutes(1));
        history.Add(Start, new JsonObject { ["market.events/market-monitor"] = 5 });
        history.Add(Start.AddSeconds(30), new JsonObject { ["market.events/market-monitor"] = 7 });
        history.Add(Start.AddSeconds(61), new JsonObject { ["market.events/market-monitor"] = 9 });

        using var json = JsonDocument.Parse(history.ToJson());

        Assert.Equal(60_000, json.RootElement.GetProperty("windowMs").GetInt64());
        var samples = json.RootElement.GetProperty("samples").EnumerateArray().ToArray();
        Assert.Equal([Start.AddSeconds(30).ToUnixTimeMilliseconds(), Start.AddSeconds(61).ToUnixTimeMilliseconds()], samples.Select(s => s.GetProperty("t").GetInt64()));
        Assert.Equal([7L, 9L], samples.Select(s => s.GetProperty("lags").GetProperty("market.events/market-monitor").GetInt64()));
    }
}
