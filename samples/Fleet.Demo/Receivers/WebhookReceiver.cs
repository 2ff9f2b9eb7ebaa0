using System.Net;
using System.Text.Json;
using Fleet.Demo.Scenario;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fleet.Demo.Receivers;

/// <summary>
/// The user's webhook endpoint: Kestrel on a loopback port, <c>POST /webhook</c>. A request with a valid signature
/// is answered 200, one without 401 (notifier treats that as permanent); each is handed to <see cref="Journeys"/>.
/// </summary>
internal sealed class WebhookReceiver(int port, WebhookSignature signature, Journeys journeys, TimeProvider time) : IAsyncDisposable
{
    private WebApplication? _app;

    public Uri Url => new($"http://127.0.0.1:{port}/webhook");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/webhook", (RequestDelegate)ReceiveAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        var headers = http.Request.Headers;
        var problem = signature.Verify(headers["X-Fleet-Signature"], headers["X-Fleet-Timestamp"], body);
        var (reference, subject) = Peek(body);
        journeys.Webhook(new ReceivedWebhook(time.GetUtcNow(), headers["Idempotency-Key"].ToString(), problem is null, problem ?? string.Empty, reference, subject));
        http.Response.StatusCode = problem is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized;
    }

    // The body's layout is notifier's; the receiver only shows its subject and uses its reference (the file id) as a
    // second way to match a delivery to a file. Both are looked for at the top level first, then in nested objects.
    private static (string Reference, string Subject) Peek(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return (Find(document.RootElement, "reference"), Find(document.RootElement, "subject"));
        }
        catch (JsonException)
        {
            return (string.Empty, string.Empty);
        }
    }

    private static string Find(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(name) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString() ?? string.Empty;
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object && Find(property.Value, name) is { Length: > 0 } found)
            {
                return found;
            }
        }

        return string.Empty;
    }
}
