using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Demo.Gateway;

/// <summary>
/// The demo's side of event-gateway's HTTP API (docs/gateway/api.md, docs/gateway/replay.md): the dashboard's page, the
/// stats, a conversation from the archive, replay jobs. Reads send the read-only key, the replay the admin key, each in
/// <c>X-Api-Key</c>, as an operator's script would.
/// </summary>
internal sealed class GatewayClient(Uri baseUrl, string adminKey, string readOnlyKey) : IDisposable
{
    private const string ApiKeyHeader = "X-Api-Key";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };

    public Uri BaseUrl => baseUrl;

    /// <summary>The dashboard's page, served by the gateway without a key (it asks for one).</summary>
    public Uri DashboardUrl => new(baseUrl, "dashboard/");

    public void Dispose() => _http.Dispose();

    /// <summary>GET /dashboard/: the status and the content type of the answer.</summary>
    public async Task<(HttpStatusCode Status, string? ContentType)> DashboardAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(DashboardUrl, cancellationToken);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>GET /events/stats with the read-only key.</summary>
    public Task<JsonElement> StatsAsync(CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Get, "events/stats", readOnlyKey, null, null, cancellationToken);

    /// <summary>
    /// GET /events/{id}/conversation with the read-only key: every archived event sharing the event's correlation id,
    /// oldest first; empty while the archiver has not written the event itself (404).
    /// </summary>
    public async Task<IReadOnlyList<ArchivedEventView>> ConversationAsync(string eventId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"events/{Uri.EscapeDataString(eventId)}/conversation", readOnlyKey);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        await EnsureSuccessAsync(response, cancellationToken);
        var page = await response.Content.ReadFromJsonAsync<ArchivePageView>(Json, cancellationToken);
        return page?.Events ?? [];
    }

    /// <summary>POST /events/replay with the admin key; the same <paramref name="idempotencyKey"/> returns the same job.</summary>
    public Task<ReplayJobView> StartReplayAsync(ReplayRequest replay, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<ReplayJobView>(HttpMethod.Post, "events/replay", adminKey, replay, idempotencyKey, cancellationToken);

    /// <summary>GET /events/replay/{jobId} with the read-only key.</summary>
    public Task<ReplayJobView> ReplayJobAsync(string jobId, CancellationToken cancellationToken) =>
        SendAsync<ReplayJobView>(HttpMethod.Get, $"events/replay/{Uri.EscapeDataString(jobId)}", readOnlyKey, null, null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, string key, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new HttpRequestException($"{method} {path}: an empty answer");
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ApiKeyHeader, key);
        return request;
    }

    // The gateway answers errors as problem details (RFC 9457): their text says what was wrong.
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {problem[..Math.Min(problem.Length, 300)]}",
                null,
                response.StatusCode);
        }
    }
}
