using System.Globalization;
using Fleet.Redis;

namespace Fleet.Benchmarks.Market;

/// <summary>
/// redis-server's own account of where its time goes: <c>INFO commandstats</c> (calls and microseconds per command,
/// <c>cmdstat_evalsha:calls=…,usec=…,…</c>), read before and after a window so the difference is the window's.
/// </summary>
internal static class RedisCommandStats
{
    /// <summary>Calls and microseconds per command so far.</summary>
    public static async Task<Dictionary<string, (long Calls, long Microseconds)>> ReadAsync(RedisClient client)
    {
        var stats = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (var line in (await client.InfoAsync("commandstats") ?? string.Empty).Split('\n'))
        {
            var trimmed = line.Trim();
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (!trimmed.StartsWith("cmdstat_", StringComparison.Ordinal) || colon < 0)
            {
                continue;
            }

            long calls = 0, usec = 0;
            foreach (var pair in trimmed[(colon + 1)..].Split(','))
            {
                var parts = pair.Split('=');
                if (parts.Length != 2)
                {
                    continue;
                }

                if (parts[0] == "calls")
                {
                    calls = long.Parse(parts[1], CultureInfo.InvariantCulture);
                }
                else if (parts[0] == "usec")
                {
                    usec = long.Parse(parts[1], CultureInfo.InvariantCulture);
                }
            }

            stats[trimmed["cmdstat_".Length..colon]] = (calls, usec);
        }

        return stats;
    }

    /// <summary>The window's calls and microseconds per command (after - before), busiest first.</summary>
    public static List<(string Command, long Calls, long Microseconds)> Difference(
        Dictionary<string, (long Calls, long Microseconds)> before, Dictionary<string, (long Calls, long Microseconds)> after) =>
        [.. after
            .Select(pair => (pair.Key, pair.Value.Calls - before.GetValueOrDefault(pair.Key).Calls, pair.Value.Microseconds - before.GetValueOrDefault(pair.Key).Microseconds))
            .Where(row => row.Item2 > 0)
            .OrderByDescending(row => row.Item3)];
}
