using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.Notifier.Delivery;
using Fleet.Notifier.Preferences;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Fleet.Notifier.Webhooks;

/// <summary>
/// POSTs the notification as signed JSON to the user's webhook URL through the <see cref="ClientName"/> HttpClient,
/// whose resilience handler times out and retries each attempt (<see cref="WebhookClient"/>). A 2xx is delivered; the
/// final answer 5xx, 408 or 429, a timeout or a network error after the last attempt is <c>unreachable</c>; any other
/// answer (4xx, a 3xx: redirects are not followed, the signed request would go elsewhere) is <c>rejected</c> at once.
/// </summary>
internal sealed class WebhookChannel : INotificationChannel
{
    public const string ClientName = "fleet-webhook";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookChannel> _logger;
    private readonly WebhookSigner? _signer;

    public WebhookChannel(IHttpClientFactory clients, IOptions<NotifierOptions> options, TimeProvider time, ILogger<WebhookChannel> logger)
    {
        _clients = clients;
        _time = time;
        _logger = logger;
        var webhook = options.Value.Webhook;
        _signer = webhook.Enabled && !string.IsNullOrEmpty(webhook.SigningSecret) ? new WebhookSigner(webhook.SigningSecret) : null;
    }

    public NotificationChannel Channel => NotificationChannel.Webhook;

    public async ValueTask<ChannelOutcome> DeliverAsync(Notification notification, UserPreferences preferences, CancellationToken cancellationToken)
    {
        if (_signer is null)
        {
            return ChannelOutcome.Failure(Channel, 0, FailureReasons.NotConfigured, "Webhooks are off in this notifier (Notifier:Webhook:Enabled is false).");
        }

        if (preferences.WebhookUrl is null || PreferencesPolicy.WebhookUrlProblem(preferences.WebhookUrl) is not null
            || !Uri.TryCreate(preferences.WebhookUrl, UriKind.Absolute, out var url))
        {
            return ChannelOutcome.Failure(Channel, 0, FailureReasons.NoAddress, "The user's preferences hold no usable webhook URL.");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(notification, WebhookJsonContext.Default.Notification);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        var counter = new AttemptCounter();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Add(WebhookSigner.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSigner.SignatureHeader, _signer.Sign(timestamp, body));
        request.Headers.Add(WebhookSigner.IdempotencyHeader, notification.DeliveryKey);
        request.Options.Set(AttemptCounter.Key, counter);

        try
        {
            using var response = await _clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            return Classify(response.StatusCode, Math.Max(1, counter.Count), url.Host);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TimeoutRejectedException or OperationCanceledException)
        {
            Log.WebhookUnreachable(_logger, notification.Id, url.Host, counter.Count, e.GetType().Name, e.Message);
            return ChannelOutcome.Failure(Channel, Math.Max(1, counter.Count), FailureReasons.Unreachable,
                $"No answer from {url.Host} after {counter.Count} attempt(s): {e.Message}");
        }
    }

    private ChannelOutcome Classify(HttpStatusCode status, int attempts, string host)
    {
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            return ChannelOutcome.Success(Channel, attempts);
        }

        if (WebhookClient.IsTransient(status))
        {
            Log.WebhookFailed(_logger, host, code, attempts, FailureReasons.Unreachable);
            return ChannelOutcome.Failure(Channel, attempts, FailureReasons.Unreachable, $"{host} answered HTTP {code} on the last of {attempts} attempt(s).");
        }

        Log.WebhookFailed(_logger, host, code, attempts, FailureReasons.Rejected);
        return ChannelOutcome.Failure(Channel, attempts, FailureReasons.Rejected, $"{host} answered HTTP {code}; not retried.");
    }
}
