using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Ctl.Cli;

namespace Fleet.Ctl.Gateway;

/// <summary>
/// The event-gateway's HTTP API (docs/gateway/api.md) with the key in <c>X-Api-Key</c>. A refusal becomes a
/// <see cref="CliException"/> with the exit code scripts rely on and the problem details' every error.
/// </summary>
internal sealed class GatewayClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    private GatewayClient(Uri baseAddress, string? apiKey)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = RequestTimeout };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("fleetctl", "1"));
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
    }

    /// <summary>The client of <c>--gateway</c>; a usage error naming <paramref name="command"/> when it is not given.</summary>
    public static GatewayClient Create(GlobalSettings settings, string command)
    {
        if (settings.Gateway is null)
        {
            throw CliException.Usage($"{command} reads the archive, which only the event-gateway has: pass --gateway URL (and --api-key or {GlobalSettings.ApiKeyVariable}).");
        }

        var address = settings.Gateway.EndsWith('/') ? settings.Gateway : settings.Gateway + "/";
        return new GatewayClient(new Uri(address), settings.ResolvedApiKey);
    }

    /// <summary>GET <paramref name="path"/> (relative, e.g. <c>events?correlationId=…</c>), the JSON answer.</summary>
    public Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>GET <paramref name="path"/>, the JSON answer, or null when the gateway answers 404 (something not there).</summary>
    public async Task<JsonNode?> FindAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(path, cancellationToken);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// GET <paramref name="path"/> as server-sent events (<c>text/event-stream</c>): each event's type and data until the
    /// gateway ends the stream or <paramref name="cancellationToken"/> stops it. The 30 s limit is on the answer's start
    /// only: a live tail is quiet for as long as nothing is written.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> EventsAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        // A refusal (401, 403, 429) is problem details: without a JSON type here the gateway cannot write it (a 500 instead).
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json", 0.5));
        using var response = await StartAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Refusal(request, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>POST <paramref name="body"/> as JSON to <paramref name="path"/>, the JSON answer.</summary>
    public Task<JsonNode> PostAsync(string path, JsonNode body, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return SendAsync(request, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using (var response = await StartAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken))
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw Refusal(request, response.StatusCode, text);
                }

                try
                {
                    return JsonNode.Parse(text.Length == 0 ? "{}" : text) ?? new JsonObject();
                }
                catch (JsonException e)
                {
                    throw new CliException(ExitCodes.Failure, $"the gateway answered {Describe(request)} with something that is not JSON: {e.Message}", e);
                }
            }
        }
    }

    /// <summary>Sends <paramref name="request"/>; no answer within 30 s is a timeout (exit code 4), none at all a failure.</summary>
    private async Task<HttpResponseMessage> StartAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Timeout, $"the gateway did not answer {Describe(request)} within {RequestTimeout.TotalSeconds:0} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Failure, $"the gateway at {_http.BaseAddress} is unreachable: {e.Message}", e);
        }
    }

    // Once sent, the request's URI is absolute: the path is what a user recognises (and a key is never in it).
    private static string Describe(HttpRequestMessage request) =>
        $"{request.Method} {(request.RequestUri is { IsAbsoluteUri: true } uri ? uri.PathAndQuery : "/" + request.RequestUri)}";

    private static CliException Refusal(HttpRequestMessage request, HttpStatusCode status, string body)
    {
        var problem = ProblemDetails.Parse(body);
        var what = Describe(request);
        var (exitCode, message) = status switch
        {
            HttpStatusCode.Unauthorized => (ExitCodes.Failure, $"the gateway refused {what} without a valid API key (401{problem.Summary}): pass --api-key or set {GlobalSettings.ApiKeyVariable}."),
            HttpStatusCode.Forbidden => (ExitCodes.Failure, $"the gateway refused {what} (403{problem.Summary}): it needs an admin key."),
            HttpStatusCode.NotFound => (ExitCodes.NotFound, $"not found (404): {what}{problem.Summary}"),
            HttpStatusCode.TooManyRequests => (ExitCodes.Failure, $"the gateway's rate limit refused {what} (429{problem.Summary}); try again later."),
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict
                => (ExitCodes.Usage, $"the gateway refused {what} ({(int)status}){problem.Summary}"),
            _ => (ExitCodes.Failure, $"the gateway failed {what} ({(int)status}){problem.Summary}"),
        };
        return new CliException(exitCode, message) { Details = problem.Errors };
    }
}
