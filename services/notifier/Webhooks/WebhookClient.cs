using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Fleet.Notifier.Webhooks;

/// <summary>
/// Registers the webhook HttpClient: the standard resilience handler pieces, a retry (exponential backoff with jitter
/// from Notifier:Webhook:RetryDelay, up to Notifier:Webhook:MaxAttempts attempts in all) around a per-attempt timeout
/// (Notifier:Webhook:Timeout), and below them the handler that counts attempts.
/// </summary>
internal static class WebhookClient
{
    /// <summary>The answers worth another attempt: 5xx, 408 and 429 (the rest of 4xx is the receiver's final word).</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public static IServiceCollection AddWebhookClient(this IServiceCollection services)
    {
        var client = services.AddHttpClient(WebhookChannel.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // Redirects are not followed: the signed request would be sent to a URL the user did not give.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        client.AddResilienceHandler("webhook", (pipeline, context) =>
            {
                var webhook = context.ServiceProvider.GetRequiredService<IOptions<NotifierOptions>>().Value.Webhook;
                if (webhook.MaxAttempts > 1)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        // A receiver's Retry-After could exceed the handler's budget; the backoff stays ours.
                        ShouldRetryAfterHeader = false,
                        // 5xx, 408, 429, a network error or an attempt's timeout; a cancelled handler is not retried.
                        ShouldHandle = args => ValueTask.FromResult(
                            !args.Context.CancellationToken.IsCancellationRequested &&
                            (args.Outcome.Result is { } response ? IsTransient(response.StatusCode) : HttpClientResiliencePredicates.IsTransient(args.Outcome))),
                    }.WithBackoff<HttpRetryStrategyOptions, HttpResponseMessage>(webhook.MaxAttempts, webhook.RetryDelay));
                }

                pipeline.AddTimeout(webhook.Timeout);
            });

        // Added after the resilience handler, so it sits below it and sees every attempt.
        client.AddHttpMessageHandler(() => new AttemptCountingHandler());
        return services;
    }
}
