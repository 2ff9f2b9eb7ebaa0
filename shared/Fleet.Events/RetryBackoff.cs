namespace Fleet.Events;

/// <summary>
/// The wait before retrying after a transport error, shared by every loop of the library (reads, claims, acks,
/// the response reader) and by services' own loops over Redis: 100 ms doubling per consecutive failure up to 5 s, with
/// ±20 % jitter so instances that failed together do not retry together.
/// </summary>
public static class RetryBackoff
{
    private const double FirstMilliseconds = 100;
    private const double MaxMilliseconds = 5000;

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row (1 for the first).</summary>
    public static TimeSpan Delay(int failures)
    {
        var milliseconds = Math.Min(MaxMilliseconds, FirstMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 10)));
        return TimeSpan.FromMilliseconds(milliseconds * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }
}
