using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fleet.EndToEnd.Tests.Receivers;

/// <summary>
/// The users' webhook endpoint: records every POST to <c>/hooks/{user}</c> and checks its signature headers as docs/fleet.md
/// says (<c>X-Fleet-Signature: sha256=&lt;hex HMAC-SHA256 of "&lt;timestamp&gt;.&lt;body&gt;"&gt;</c>, <c>X-Fleet-Timestamp</c>,
/// <c>Idempotency-Key</c>). It answers 200, so a request it recorded is one notifier delivered.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<WebhookRequest> _requests = new();
    private readonly byte[] _secret;
    private WebApplication? _app;

    private WebhookReceiver(string signingSecret) => _secret = Encoding.UTF8.GetBytes(signingSecret);

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<WebhookRequest> Requests => [.. _requests];

    public static async Task<WebhookReceiver> StartAsync(string signingSecret, CancellationToken cancellationToken)
    {
        var receiver = new WebhookReceiver(signingSecret);
        (receiver._app, receiver.BaseAddress) = await LoopbackWebApp.StartAsync(app => app.MapPost("/hooks/{user}", receiver.ReceiveAsync), cancellationToken).ConfigureAwait(false);
        return receiver;
    }

    /// <summary>The webhook URL of <paramref name="userId"/>.</summary>
    public string UrlFor(string userId) => new Uri(BaseAddress, "/hooks/" + userId).AbsoluteUri;

    /// <summary>The requests carrying <paramref name="deliveryKey"/> as their <c>Idempotency-Key</c>.</summary>
    public IReadOnlyList<WebhookRequest> WithKey(string deliveryKey) => [.. _requests.Where(r => r.IdempotencyKey == deliveryKey)];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        // The signature covers the body's bytes as sent, so they are kept as they are, not re-encoded from text.
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        string? timestamp = headers["X-Fleet-Timestamp"];
        string? signature = headers["X-Fleet-Signature"];
        var signed = IsSigned(timestamp, signature, body);
        _requests.Enqueue(new WebhookRequest(context.Request.Path, headers["Idempotency-Key"], Encoding.UTF8.GetString(body), signed, timestamp));
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private bool IsSigned(string? timestamp, string? signature, byte[] body)
    {
        const string scheme = "sha256=";
        if (timestamp is null || signature is null || !signature.StartsWith(scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(_secret, (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. body]);
        try
        {
            return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(signature.AsSpan(scheme.Length)));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
