namespace Fleet.Notifier.Webhooks;

/// <summary>
/// Counts the attempts of one webhook request: the resilience handler retries inside HttpClient, so only a handler
/// below it (<see cref="AttemptCountingHandler"/>) sees each attempt. It travels in the request's options.
/// </summary>
internal sealed class AttemptCounter
{
    public static readonly HttpRequestOptionsKey<AttemptCounter> Key = new("Fleet.Notifier.Attempts");

    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
