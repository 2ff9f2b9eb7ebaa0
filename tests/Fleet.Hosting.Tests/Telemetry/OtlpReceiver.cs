using System.Collections.Concurrent;
using System.Net;
using Fleet.Testing.Processes;

namespace Fleet.Hosting.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP endpoint that only records which paths were posted to (<c>/v1/traces</c>, <c>/v1/metrics</c>,
/// <c>/v1/logs</c>) and with what content type, and answers 200: enough to see that a service exports, and where.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, string? ContentType)> _posts = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        Endpoint = $"http://127.0.0.1:{FreePort.Next()}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The value for OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string Endpoint { get; }

    /// <summary>Every POST so far: its path and content type.</summary>
    public IReadOnlyCollection<(string Path, string? ContentType)> Posts => _posts;

    public void Dispose()
    {
        _listener.Close();
        // The loop ends with the listener; its exception is the listener closing.
        _ = _loop.Exception;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using (context.Response)
            {
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                _posts.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType));
                context.Response.StatusCode = 200;
            }
        }
    }
}
