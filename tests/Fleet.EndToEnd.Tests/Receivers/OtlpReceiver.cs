using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fleet.EndToEnd.Tests.Receivers;

/// <summary>
/// An OTLP/HTTP collector in the test (<c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>): it decodes the spans posted to
/// <c>/v1/traces</c> and records them, and accepts metrics and logs without reading them, so the exporters never retry.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private const string Protobuf = "application/x-protobuf";

    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private WebApplication? _app;

    private OtlpReceiver()
    {
    }

    /// <summary>The value of <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the exporters add <c>/v1/traces</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public static async Task<OtlpReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var receiver = new OtlpReceiver();
        (receiver._app, receiver.Endpoint) = await LoopbackWebApp.StartAsync(
            app =>
            {
                app.MapPost("/v1/traces", receiver.ReceiveTracesAsync);
                app.MapPost("/v1/{signal}", static () => Results.Bytes([], Protobuf));
            },
            cancellationToken).ConfigureAwait(false);
        return receiver;
    }

    /// <summary>The spans of one trace.</summary>
    public IReadOnlyList<ReceivedSpan> InTrace(string traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ReceiveTracesAsync(HttpContext context)
    {
        var body = context.Request.Headers.ContentEncoding == "gzip"
            ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
            : context.Request.Body;
        using var buffer = new MemoryStream();
        await using (body.ConfigureAwait(false))
        {
            await body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        }

        foreach (var span in OtlpTraceDecoder.Decode(buffer.ToArray()))
        {
            _spans.Enqueue(span);
        }

        // An empty ExportTraceServiceResponse: everything accepted.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Protobuf;
    }
}
