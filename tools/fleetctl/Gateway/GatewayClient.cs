using System.Net;
using System.Net.Http.Headers;
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
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.Timeout, $"the gateway did not answer {request.Method} /{request.RequestUri} within {RequestTimeout.TotalSeconds:0} s.", e);
            }
            catch (HttpRequestException e)
            {
                throw new CliException(ExitCodes.Failure, $"the gateway at {_http.BaseAddress} is unreachable: {e.Message}", e);
            }

            using (response)
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
                    throw new CliException(ExitCodes.Failure, $"the gateway answered {request.Method} /{request.RequestUri} with something that is not JSON: {e.Message}", e);
                }
            }
        }
    }

    private static CliException Refusal(HttpRequestMessage request, HttpStatusCode status, string body)
    {
        var problem = ProblemDetails.Parse(body);
        var what = $"{request.Method} /{request.RequestUri}";
        var (exitCode, message) = status switch
        {
            HttpStatusCode.Unauthorized => (ExitCodes.Failure, $"the gateway refused {what} without a valid API key (401): pass --api-key or set {GlobalSettings.ApiKeyVariable}."),
            HttpStatusCode.Forbidden => (ExitCodes.Failure, $"the gateway refused {what} (403): it needs an admin key."),
            HttpStatusCode.NotFound => (ExitCodes.NotFound, $"not found (404): {what}{problem.Summary}"),
            HttpStatusCode.TooManyRequests => (ExitCodes.Failure, $"the gateway's rate limit refused {what} (429); try again later."),
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict
                => (ExitCodes.Usage, $"the gateway refused {what} ({(int)status}){problem.Summary}"),
            _ => (ExitCodes.Failure, $"the gateway failed {what} ({(int)status}){problem.Summary}"),
        };
        return new CliException(exitCode, message) { Details = problem.Errors };
    }
}
