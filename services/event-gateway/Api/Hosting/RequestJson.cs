using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace Fleet.EventGateway.Api.Hosting;

/// <summary>
/// A request body read whole (at most Gateway:MaxRequestBytes) into a pooled buffer and parsed as JSON. Dispose returns
/// the buffer. Reading it ourselves rather than through model binding lets every broken rule be named, not only the first.
/// </summary>
internal sealed class RequestJson : IDisposable
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    private byte[]? _buffer;

    private RequestJson(byte[] buffer, JsonDocument document)
    {
        _buffer = buffer;
        Document = document;
    }

    public JsonDocument Document { get; }

    public JsonElement Root => Document.RootElement;

    /// <summary>The body as JSON, or the problem to answer: 413 over <paramref name="limit"/>, 415 not JSON, 400 not parsable.</summary>
    public static async Task<(RequestJson? Json, IResult? Problem)> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, GatewayProblems.TooLarge(limit));
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "The body must be JSON (Content-Type: application/json)."));
        }

        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(cancellationToken);
                if (read.Buffer.Length > limit)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    return (null, GatewayProblems.TooLarge(limit));
                }

                if (read.IsCompleted)
                {
                    break;
                }

                // Nothing consumed, everything examined: the next read returns once more bytes arrived.
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, GatewayProblems.TooLarge(limit));
        }

        var length = (int)read.Buffer.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        read.Buffer.CopyTo(buffer);
        reader.AdvanceTo(read.Buffer.End);
        try
        {
            return (new RequestJson(buffer, JsonDocument.Parse(buffer.AsMemory(0, length), Options)), null);
        }
        catch (JsonException e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON", detail: e.Message));
        }
    }

    public void Dispose()
    {
        Document.Dispose();
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
