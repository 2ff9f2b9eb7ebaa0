namespace Fleet.MarketMonitor.Feeds;

/// <summary>
/// Counter-based random numbers for <see cref="RandomWalkFeed"/>: each draw is SplitMix64 of (seed, a counter, a
/// stream), so any step can be computed without the ones before it (a resumed walk needs no generator state).
/// </summary>
internal static class WalkRandom
{
    /// <summary>A uniform draw in (0, 1].</summary>
    public static double Uniform(long seed, long counter, int stream)
    {
        var x = Mix(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ Mix(unchecked((ulong)counter * 8) + (ulong)stream));
        return ((x >> 11) + 1) * (1.0 / (1UL << 53));
    }

    /// <summary>A standard normal draw for <paramref name="counter"/> (Box–Muller of two uniforms).</summary>
    public static double Normal(long seed, long counter) =>
        Math.Sqrt(-2 * Math.Log(Uniform(seed, counter, 4))) * Math.Cos(2 * Math.PI * Uniform(seed, counter, 5));

    /// <summary>A stable hash of <paramref name="text"/> (FNV-1a; string.GetHashCode changes per process).</summary>
    public static long Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return unchecked((long)(hash >> 1));
    }

    private static ulong Mix(ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return x ^ (x >> 31);
    }
}
