using System.Text.Json.Nodes;

namespace Fleet.EventGateway.Dashboard.Stats;

/// <summary>
/// Each group's lag over the last <see cref="DashboardOptions.LagHistory"/>, so a page that opens (or reloads) draws its
/// chart at once instead of from an empty axis. Samples older than the window are dropped as new ones come.
/// </summary>
internal sealed class LagHistory(TimeSpan window)
{
    private readonly Queue<(DateTimeOffset Time, JsonObject Lags)> _samples = new();
    private readonly Lock _lock = new();

    /// <summary>Adds a sample: lag per <c>stream/group</c>.</summary>
    public void Add(DateTimeOffset time, JsonObject lags)
    {
        lock (_lock)
        {
            _samples.Enqueue((time, lags));
            while (_samples.TryPeek(out var oldest) && oldest.Time < time - window)
            {
                _samples.Dequeue();
            }
        }
    }

    /// <summary>The kept samples as <c>{ "windowMs": …, "samples": [ { "t": unix ms, "lags": { "stream/group": lag } } ] }</c>.</summary>
    public string ToJson()
    {
        var samples = new JsonArray();
        lock (_lock)
        {
            foreach (var (time, lags) in _samples)
            {
                samples.Add(new JsonObject { ["t"] = time.ToUnixTimeMilliseconds(), ["lags"] = lags.DeepClone() });
            }
        }

        return new JsonObject { ["windowMs"] = (long)window.TotalMilliseconds, ["samples"] = samples }.ToJsonString();
    }
}
