namespace Fleet.Redis.Tests;

/// <summary>
/// Polls a state the client reaches asynchronously. A stand-in with the same API as the suite-wide
/// <c>Fleet.Testing.Eventually</c> of the tests branch (issue 7, section 7): delete this file when that one is merged.
/// The limit is a failure guard, never a performance assertion.
/// </summary>
internal static class Eventually
{
    /// <summary>The limit when a caller gives none.</summary>
    public static TimeSpan DefaultLimit { get; } = TimeSpan.FromSeconds(30);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? limit = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, limit);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var guard = limit ?? DefaultLimit;
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > guard)
            {
                throw new TimeoutException($"Gave up after {guard.TotalSeconds:0.#} s waiting until {what}.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
