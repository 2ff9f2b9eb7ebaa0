using Fleet.Events;
using Fleet.Redis;

namespace Fleet.Ctl.Connection;

/// <summary>The streams under the prefix, found with SCAN (TYPE stream), so streams outside the catalogue show too.</summary>
internal static class StreamDiscovery
{
    private const int ScanCount = 1000;

    /// <summary>
    /// The names of the streams (the hash tag of <c>{prefix}{name}</c>), sorted; <c>:dlq</c>, <c>:parked</c> and other
    /// helper keys of a stream count as that stream.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindAsync(RedisClient redis, StreamKeys keys, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var pattern = EscapeGlob(keys.Prefix) + "{*";
        var cursor = "0";
        do
        {
            // SCAN walks the keyspace a page at a time, so it never blocks the server the way KEYS does.
            var page = await redis.ExecuteAsync("SCAN", [cursor, "MATCH", pattern, "COUNT", ScanCount, "TYPE", "stream"], cancellationToken);
            cursor = page[0].Value.ToString();
            foreach (var key in page[1].Elements)
            {
                names.Add(StreamKeys.NameOf(key.Value.ToString()));
            }
        }
        while (cursor != "0");

        return [.. names];
    }

    private static string EscapeGlob(string text) =>
        string.Concat(text.Select(c => c is '*' or '?' or '[' or ']' or '\\' ? $"\\{c}" : c.ToString()));
}
