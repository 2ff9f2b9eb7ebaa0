using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fleet.Notifier.Tests.Support;

/// <summary>
/// A real HTTP receiver (Kestrel on a free loopback port) that records every request it gets and answers with what
/// <see cref="Respond"/> decides for the n-th request (1-based).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _count;

    private WebhookReceiver(Func<int, CancellationToken, Task<int>> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            _requests.Enqueue(new ReceivedWebhook(headers, body.ToArray()));
            var n = Interlocked.Increment(ref _count);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                context.Response.StatusCode = await respond(n, linked.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (its attempt timed out) or the test ended.
            }
        });
        Respond = respond;
    }

    public Func<int, CancellationToken, Task<int>> Respond { get; }

    public Uri Url => new(_app.Urls.First() + "/hook");

    public IReadOnlyList<ReceivedWebhook> Requests => [.. _requests];

    /// <summary>Starts a receiver that answers <paramref name="respond"/>'s status code.</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, CancellationToken, Task<int>> respond)
    {
        var receiver = new WebhookReceiver(respond);
        await receiver._app.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    /// <summary>A receiver that answers each request with the next status of <paramref name="statuses"/> (the last one repeats).</summary>
    public static Task<WebhookReceiver> StartAsync(params int[] statuses) =>
        StartAsync((n, _) => Task.FromResult(statuses[Math.Min(n, statuses.Length) - 1]));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
