using System.Globalization;
using Xunit;

namespace Fleet.Testing;

/// <summary>
/// The one way the test suite waits for a state the system reaches asynchronously: it polls a condition with a short
/// backoff until it holds. The limit is a failure guard, never a performance assertion: it only decides when a test
/// that would otherwise hang gives up, so it is generous (<see cref="DefaultLimit"/>) and grows on slow machines with
/// the <c>FLEET_TEST_TIME_SCALE</c> environment variable (for example <c>3</c> under a sanitizer or on a loaded CI host).
/// </summary>
public static class Eventually
{
    /// <summary>The environment variable that multiplies every limit (a positive number; 1 when unset).</summary>
    public const string TimeScaleVariable = "FLEET_TEST_TIME_SCALE";

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    /// <summary>The limit when a caller gives none: 30 s times <c>FLEET_TEST_TIME_SCALE</c>.</summary>
    public static TimeSpan DefaultLimit => Scaled(TimeSpan.FromSeconds(30));

    /// <summary>
    /// <paramref name="limit"/> multiplied by <c>FLEET_TEST_TIME_SCALE</c>, for the few guards a test sets itself
    /// (a <c>WaitAsync</c> on a task, say).
    /// </summary>
    /// <param name="limit">The limit on an unloaded machine.</param>
    /// <returns>The limit to use here.</returns>
    public static TimeSpan Scaled(TimeSpan limit) => limit * TimeScale();

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    /// <param name="condition">Reads the state; called again after each short pause.</param>
    /// <param name="what">What is awaited, as the end of "waiting until ..." in the failure message.</param>
    /// <param name="limit">The failure guard before scaling; <see cref="DefaultLimit"/> when null.</param>
    /// <returns>A task that completes once the condition held.</returns>
    /// <exception cref="TimeoutException">The condition did not hold within the limit.</exception>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), static holds => holds, what, limit);
    }

    /// <summary>Waits until the asynchronous <paramref name="condition"/> is true (a read from Redis, a health check).</summary>
    /// <param name="condition">Reads the state; called again after each short pause. Its exceptions fail the wait.</param>
    /// <param name="what">What is awaited, as the end of "waiting until ..." in the failure message.</param>
    /// <param name="limit">The failure guard before scaling; <see cref="DefaultLimit"/> when null.</param>
    /// <returns>A task that completes once the condition held.</returns>
    /// <exception cref="TimeoutException">The condition did not hold within the limit.</exception>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null) =>
        UntilAsync(condition, static holds => holds, what, limit);

    /// <summary>
    /// Reads a value with <paramref name="observe"/> until <paramref name="until"/> accepts it, and returns that value;
    /// on timeout the message names <paramref name="what"/> and the last value read.
    /// </summary>
    /// <typeparam name="T">The observed value (a count, a status).</typeparam>
    /// <param name="observe">Reads the state; called again after each short pause. Its exceptions fail the wait.</param>
    /// <param name="until">Whether the value read is the one awaited.</param>
    /// <param name="what">What is awaited, as the end of "waiting until ..." in the failure message.</param>
    /// <param name="limit">The failure guard before scaling; <see cref="DefaultLimit"/> when null.</param>
    /// <returns>The first value <paramref name="until"/> accepted.</returns>
    /// <exception cref="TimeoutException">No accepted value within the limit.</exception>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> observe, Func<T, bool> until, string what, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(observe);
        ArgumentNullException.ThrowIfNull(until);
        ArgumentException.ThrowIfNullOrEmpty(what);
        var guard = limit is { } given ? Scaled(given) : DefaultLimit;
        var cancellationToken = TestContext.Current.CancellationToken;
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            var value = await observe().ConfigureAwait(false);
            if (until(value))
            {
                return value;
            }

            if (time.GetElapsedTime(started) > guard)
            {
                throw new TimeoutException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Gave up after {guard.TotalSeconds:0.#} s waiting until {what}; last observed: {value?.ToString() ?? "null"}."));
            }

            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    private static double TimeScale()
    {
        var text = Environment.GetEnvironmentVariable(TimeScaleVariable);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0 ? scale : 1;
    }
}
