using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Benchmarks.Fleet;

/// <summary>
/// The benchmark user's webhook endpoint (Kestrel on a loopback port the OS picks): answers 200 to every POST and counts
/// the distinct deliveries by their <c>Idempotency-Key</c>, calling <see cref="Delivered"/> once per key, which is what
/// paces the uploads. The signature is checked by the end-to-end tests, not here.
/// </summary>
internal sealed class WebhookSink : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _requests;

    private WebhookSink()
    {
    }

    /// <summary>Called once per new delivery key, on a Kestrel thread.</summary>
    public event Action? Delivered;

    public Uri Url { get; private set; } = null!;

    /// <summary>Distinct deliveries (keys) received.</summary>
    public int Deliveries => _keys.Count;

    /// <summary>Every POST received, repeats included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<WebhookSink> StartAsync()
    {
        var sink = new WebhookSink();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hooks/{user}", sink.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        sink._app = app;
        sink.Url = new Uri(new Uri(address), "/hooks/");
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        Interlocked.Increment(ref _requests);
        if (context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key && _keys.TryAdd(key, 0))
        {
            Delivered?.Invoke();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
