using Polly;
using Polly.Retry;

namespace Fleet.Notifier;

/// <summary>The backoff webhook and e-mail deliveries share: exponential with jitter, at most <see cref="WebhookOptions.MaxRetryDelay"/> between attempts.</summary>
internal static class DeliveryRetry
{
    /// <summary>Sets <paramref name="options"/> to <paramref name="maxAttempts"/> attempts in all, the first delay <paramref name="delay"/>.</summary>
    public static TOptions WithBackoff<TOptions, TResult>(this TOptions options, int maxAttempts, TimeSpan delay)
        where TOptions : RetryStrategyOptions<TResult>
    {
        options.MaxRetryAttempts = maxAttempts - 1;
        options.BackoffType = DelayBackoffType.Exponential;
        options.UseJitter = true;
        options.Delay = delay;
        options.MaxDelay = WebhookOptions.MaxRetryDelay;
        return options;
    }
}
