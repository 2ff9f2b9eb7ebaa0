namespace Fleet.Demo.Scenario;

/// <summary>
/// How the driver waits for the fleet: polls what it watches (the follower's state, a key in Redis) every 100 ms
/// until it holds or the step's time is up. A step that times out is reported as missing, never as done.
/// </summary>
internal static class Waiting
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>True once <paramref name="condition"/> holds; false when <paramref name="wait"/> passed first.</summary>
    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken) =>
        UntilAsync(() => Task.FromResult(condition()), wait, time, cancellationToken);

    /// <summary>True once <paramref name="condition"/> holds; false when <paramref name="wait"/> passed first.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (!await condition())
        {
            if (time.GetElapsedTime(started) >= wait)
            {
                return false;
            }

            await Task.Delay(Poll, time, cancellationToken);
        }

        return true;
    }
}
